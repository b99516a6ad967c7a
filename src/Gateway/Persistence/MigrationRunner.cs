using System.Reflection;
using Npgsql;

namespace Platform.Gateway.Persistence;

/// <summary>
/// Applies the embedded, numbered SQL migrations not yet recorded in <c>schema_migrations</c>, each in its own
/// transaction, under an advisory lock so that replicas starting together apply each one once. A restart finds them
/// all applied with one query and takes no lock.
/// </summary>
public sealed partial class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger) : IHostedService
{
    internal const long LockKey = 0x706C6174666F726D; // "platform"

    private readonly TaskCompletionSource applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the schema is current; start-up steps that use it wait for it, since services start side by side.</summary>
    public Task Applied => applied.Task;

    /// <summary>
    /// True once the schema is current; false when the migrations failed, which the host reports as it stops, so a step
    /// that needs the schema can end quietly instead of reporting the same failure again.
    /// </summary>
    public async Task<bool> WaitUntilAppliedAsync(CancellationToken cancellationToken)
    {
        await Applied.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        return Applied.IsCompletedSuccessfully;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MigrateAsync(cancellationToken);
            applied.TrySetResult();
        }
        catch (Exception ex)
        {
            applied.TrySetException(ex);
            throw;
        }
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithRetryAsync(cancellationToken);
        if (await AllAppliedAsync(connection, cancellationToken))
        {
            return;
        }

        await Execute(connection, "create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())", cancellationToken);
        await using (var takeLock = new NpgsqlCommand($"select pg_advisory_lock({LockKey})", connection))
        {
            // Another replica may take longer than the command timeout (30 s) to migrate; waiting for it is not a failure.
            takeLock.CommandTimeout = 0;
            await takeLock.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var done = await AppliedVersionsAsync(connection, cancellationToken);
            foreach (var (version, name, sql) in Migrations().Where(m => !done.Contains(m.Version)))
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

    private static async Task<bool> AllAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var done = await AppliedVersionsAsync(connection, cancellationToken);
            return Migrations().All(migration => done.Contains(migration.Version));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var versions = new HashSet<int>();
        await using var query = new NpgsqlCommand("select version from schema_migrations", connection);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
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
