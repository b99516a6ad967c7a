using Npgsql;

namespace Platform.AppHost.Postgres;

/// <summary>A PostgreSQL 15 cluster from Debian's package on 127.0.0.1, TCP only, with a password made at initdb.</summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string SuperUser = "postgres";

    private readonly List<string> databases = [];

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public IReadOnlyList<string> Databases => databases;

    /// <summary>Npgsql form, to the cluster's default database.</summary>
    public ReferenceExpression ConnectionStringExpression => DatabaseConnectionString(null);

    internal ReferenceExpression DatabaseConnectionString(string? database)
    {
        var settings = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Username = SuperUser, Password = password, Database = database };
        return ReferenceExpression.Create($"{settings.ConnectionString};Port={PrimaryEndpoint.Property(EndpointProperty.Port)}");
    }

    internal string ProbeConnectionString(int port) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = SuperUser, Password = password, Pooling = false, Timeout = 2 }.ConnectionString;

    internal void AddDatabase(string database) => databases.Add(database);
}
