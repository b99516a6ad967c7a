using System.Reflection;
using Npgsql;

namespace Platform.Gateway.Persistence;

/// <summary>
/// Applies the embedded, numbered SQL migrations not yet recorded in <c>schema_migrations</c>, each in its own
/// transaction, under an advisory lock so that replicas starting together apply each one once.
/// </summary>
internal sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger) : IHostedService
{
    private const long LockKey = 0x706C6174666F726D; // "platform"

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithRetryAsync(cancellationToken);
        await Execute(connection, "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())", cancellationToken);
        await Execute(connection, $"select pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            var applied = new HashSet<int>();
            await using (var query = new NpgsqlCommand("select version from schema_migrations", connection))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (version, name, sql) in Migrations().Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var migrate = new NpgsqlCommand(sql, connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand("insert into schema_migrations (version, name) values ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, version, name);
            }
        }
        finally
        {
            await Execute(connection, $"select pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IEnumerable<(int Version, string Name, string Sql)> Migrations()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "Platform.Gateway.Persistence.Migrations.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }

    private async Task<NpgsqlConnection> OpenWithRetryAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await dataSource.OpenConnectionAsync(cancellationToken);
            }
            catch (NpgsqlException ex) when (attempt < 10)
            {
                LogWaiting(logger, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} ({Name}).")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable yet (attempt {Attempt}): {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
