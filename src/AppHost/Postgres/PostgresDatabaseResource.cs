namespace Platform.AppHost.Postgres;

/// <summary>A database of a <see cref="PostgresServerResource"/>, created once the server is ready; Running from then on.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => Parent.DatabaseConnectionString(DatabaseName);
}
