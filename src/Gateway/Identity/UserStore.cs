using System.Net;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Platform.Gateway.Identity;

/// <summary>Users and their credentials in PostgreSQL.</summary>
public sealed class UserStore(NpgsqlDataSource dataSource, IOptions<IdentityOptions> options)
{
    /// <summary>
    /// Creates an anonymous user with one browser credential, unless <paramref name="address"/> has made too many in
    /// the last minute or holds too many unexpired ones; null then. Serialised per address, so concurrent requests
    /// from one address cannot pass the bound together.
    /// </summary>
    public async Task<Guid?> CreateAnonymousUserAsync(IPAddress address, string token, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command("select pg_advisory_xact_lock(hashtextextended('anonymous:' || host($1), 0))", address));
            batch.BatchCommands.Add(Command("""
                select count(*) filter (where u.created_at > now() - interval '1 minute'),
                       count(*) filter (where exists (select 1 from credentials c where c.user_id = u.id and c.last_used_at > now() - $2))
                from users u where u.kind = 'anonymous' and u.created_from = $1
                """, address, settings.AnonymousIdleExpiry));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) >= settings.AnonymousPerAddressPerMinute || reader.GetInt64(1) >= settings.AnonymousPerAddress)
            {
                return null;
            }
        }

        var userId = Guid.CreateVersion7();
        await using (var insert = new NpgsqlBatch(connection, transaction))
        {
            insert.BatchCommands.Add(Command("insert into users (id, kind, created_from) values ($1, 'anonymous', $2)", userId, address));
            insert.BatchCommands.Add(Command("insert into credentials (hash, user_id, kind, name, prefix) values ($1, $2, 'browser', 'browser', $3)",
                Credentials.Hash(token), userId, Credentials.Prefix(token)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return userId;
    }

    /// <summary>Deletes anonymous users none of whose credentials was used within the idle expiry, with their conversations.</summary>
    public async Task<int> DeleteExpiredAnonymousUsersAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            delete from users u where u.kind = 'anonymous'
              and not exists (select 1 from credentials c where c.user_id = u.id and c.last_used_at > now() - $1)
            """);
        Add(command, options.Value.AnonymousIdleExpiry);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates a user with one credential and returns the user's id.</summary>
    private async Task<Guid> CreateUserAsync(string userKind, string credentialKind, string name, string secret, CancellationToken cancellationToken)
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

    /// <summary>The user a credential belongs to, marking it used; an anonymous one unused for longer than the idle expiry no longer counts.</summary>
    public async Task<Guid?> FindUserAsync(string secret, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            update credentials set last_used_at = now()
            where hash = $1 and revoked_at is null and (kind = 'api_key' or last_used_at > now() - $2)
            returning user_id
            """);
        Add(command, Credentials.Hash(secret), options.Value.AnonymousIdleExpiry);
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
