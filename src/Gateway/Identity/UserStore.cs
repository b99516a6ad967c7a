using Npgsql;

namespace Platform.Gateway.Identity;

/// <summary>Users and their credentials in PostgreSQL.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource)
{
    /// <summary>Creates a user with one credential and returns the user's id.</summary>
    public async Task<Guid> CreateUserAsync(string userKind, string credentialKind, string name, string secret, CancellationToken cancellationToken)
    {
        var userId = Guid.CreateVersion7();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("insert into users (id, kind) values ($1, $2)", userId, userKind));
        batch.BatchCommands.Add(Command(
            "insert into credentials (hash, user_id, kind, name, prefix) values ($1, $2, $3, $4, $5)",
            Credentials.Hash(secret), userId, credentialKind, name, Credentials.Prefix(secret)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return userId;
    }

    /// <summary>Adds an API key to an existing user.</summary>
    public async Task AddApiKeyAsync(Guid userId, string name, string apiKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("insert into credentials (hash, user_id, kind, name, prefix) values ($1, $2, 'api_key', $3, $4)");
        Add(command, Credentials.Hash(apiKey), userId, name, Credentials.Prefix(apiKey));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Makes sure a configured key exists, owned by its own API user; a no-op when it does.</summary>
    public async Task EnsureApiKeyAsync(string name, string apiKey, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(apiKey, cancellationToken) is null)
        {
            try
            {
                await CreateUserAsync("api", "api_key", name, apiKey, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // Another replica stored the same key at the same moment.
            }
        }
    }

    public async Task<Guid?> FindUserAsync(string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select user_id from credentials where hash = $1 and revoked_at is null");
        Add(command, Credentials.Hash(secret));
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static void Add(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
