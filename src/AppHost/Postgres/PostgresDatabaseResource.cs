using Platform.AppHost.Hosting;

namespace Platform.AppHost.Postgres;

/// <summary>A database in a PostgreSQL cluster, created when the cluster first runs; ready when the cluster is.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = server;

    public string ConnectionString => Server.DatabaseConnectionString(DatabaseName);

    internal override ProcessResource ReadinessOwner => Server;
}
