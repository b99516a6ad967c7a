using Npgsql;

namespace Platform.Gateway.Usage;

/// <summary>Usage records in PostgreSQL (migration 0007), one per <c>/v1</c> call, each belonging to one user.</summary>
public sealed class UsageStore(NpgsqlDataSource dataSource)
{
    public const int MaxRecords = 1_000;

    public async Task AddAsync(Guid userId, UsageRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var command = dataSource.CreateCommand("""
            insert into usage_records (user_id, route, model, status, prompt_tokens, completion_tokens, audio_in_seconds, audio_out_seconds, duration_ms)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Route });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)record.Model ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = record.Status });
        command.Parameters.Add(new NpgsqlParameter { Value = record.PromptTokens });
        command.Parameters.Add(new NpgsqlParameter { Value = record.CompletionTokens });
        command.Parameters.Add(new NpgsqlParameter { Value = record.AudioInSeconds });
        command.Parameters.Add(new NpgsqlParameter { Value = record.AudioOutSeconds });
        command.Parameters.Add(new NpgsqlParameter { Value = record.DurationMs });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<UsageTotals> TotalsAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select count(*), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0),
                   coalesce(sum(audio_in_seconds), 0), coalesce(sum(audio_out_seconds), 0)
            from usage_records where user_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new UsageTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4));
    }

    /// <summary>The user's latest records, newest first.</summary>
    public async Task<IReadOnlyList<UsageRecord>> LatestAsync(Guid userId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            select route, model, status, prompt_tokens, completion_tokens, audio_in_seconds, audio_out_seconds, duration_ms, created_at
            from usage_records where user_id = $1 order by id desc limit $2
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = userId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<UsageRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new UsageRecord(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.GetInt32(4),
                reader.GetDouble(5),
                reader.GetDouble(6),
                reader.GetDouble(7),
                reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return records;
    }
}
