using Platform.AppHost.Postgres;

namespace Platform.Testing;

/// <summary>A PostgreSQL cluster of its own for a test, with one database; fsync is off, the data is thrown away.</summary>
public sealed class PostgresFixture : ResourceFixture
{
    public const string ResourceName = "postgres";
    public const string DatabaseName = "test";

    public PostgresFixture()
    {
        var server = Builder.AddPostgres(ResourceName);
        Database = server.AddDatabase(DatabaseName).Resource;
    }

    public PostgresDatabaseResource Database { get; }

    /// <summary>Npgsql form, to database <see cref="DatabaseName"/>.</summary>
    public string ConnectionString => Database.ConnectionString;

    public int Port => Database.Server.Tcp.Port;

    public int ProcessId => ProcessIdOf(ResourceName);
}
