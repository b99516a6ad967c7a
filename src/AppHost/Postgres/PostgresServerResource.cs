using Npgsql;

namespace Platform.AppHost.Postgres;

/// <summary>A PostgreSQL 15 cluster from Debian's package on 127.0.0.1, TCP only, with a password made at initdb.</summary>
public sealed class PostgresServerResource(string name, string command, int port, string dataFolder, string password)
    : ServerResource(name, command, port, dataFolder, endpoint => ConnectionString(password, null, endpoint))
{
    private const string SuperUser = "postgres";

    private readonly string superUserPassword = password;
    private readonly List<string> databases = [];

    /// <summary>Ready once it answers SQL; creates the databases that do not exist yet.</summary>
    public override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = SuperUser, Password = superUserPassword, Pooling = false, Timeout = 2 };
        await using var connection = new NpgsqlConnection(probe.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return HealthCheckResult.Healthy();
    }

    internal ReferenceExpression DatabaseConnectionString(string database) => ConnectionString(superUserPassword, database, PrimaryEndpoint);

    internal void AddDatabase(string database) => databases.Add(database);

    private static ReferenceExpression ConnectionString(string password, string? database, EndpointReference endpoint)
    {
        var settings = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Username = SuperUser, Password = password, Database = database };
        return ReferenceExpression.Create($"{settings.ConnectionString};Port={endpoint.Property(EndpointProperty.Port)}");
    }
}
