using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Platform.Contracts.Jobs;
using Platform.Gateway.Conversations;

namespace Platform.Gateway.Jobs;

/// <summary>
/// Decides, as a reply is stored, which background jobs the conversation needs and writes them to the outbox in the
/// reply's transaction; the <see cref="OutboxDispatcher"/> sends them. Summaries start when a conversation passes
/// <see cref="SummaryThreshold"/> messages and repeat every <see cref="SummaryInterval"/>, always keeping the last
/// <see cref="VerbatimMessages"/> out of the summary.
/// </summary>
public sealed partial class JobScheduler(OutboxDispatcher dispatcher, NpgsqlDataSource dataSource, bool enabled, ILogger<JobScheduler> logger)
{
    private const string JobsSavepoint = "jobs";

    public const int SummaryThreshold = 10;
    public const int SummaryInterval = 5;
    public const int VerbatimMessages = 5;

    /// <summary>
    /// Writes the jobs a just-stored reply causes, inside the reply's own transaction, so a stored reply always has its
    /// jobs in the outbox. Never throws: a job that cannot be written is rolled back to a savepoint and logged, and the
    /// reply is stored without it. True when a job was written; then call <see cref="Dispatch"/> after the commit.
    /// </summary>
    public async Task<bool> WriteJobsAsync(AssistantReply reply, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(transaction);
        if (!enabled || reply.Status != MessageStatus.Complete)
        {
            return false;
        }

        await transaction.SaveAsync(JobsSavepoint);
        try
        {
            return await WriteAsync(reply, connection, transaction) > 0;
        }
#pragma warning disable CA1031 // Background jobs must never fail the turn that caused them.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogScheduleFailed(logger, reply.TurnId, ex);
            await transaction.RollbackAsync(JobsSavepoint);
            return false;
        }
    }

    /// <summary>
    /// Writes one job to the outbox on its own and wakes the dispatcher, for jobs that a turn causes before its reply
    /// (an objective to judge). Never throws and does nothing while jobs are off: a job must never fail its turn.
    /// </summary>
    public async Task EnqueueAsync<T>(T job, CancellationToken cancellationToken)
        where T : class
    {
        if (!enabled)
        {
            return;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await WriteAsync(connection, transaction, job, Activity.Current?.Id);
            await transaction.CommitAsync(cancellationToken);
            Dispatch();
        }
#pragma warning disable CA1031 // Background jobs must never fail the turn that caused them.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogEnqueueFailed(logger, typeof(T).Name, ex);
        }
    }

    /// <summary>Tells the outbox dispatcher that committed jobs wait.</summary>
    public void Dispatch() => dispatcher.Wake();

    /// <summary>Whether the message count crossed a summary point (11, 16, 21, ...) between before and after this turn.</summary>
    public static bool CrossesSummaryPoint(long before, long after)
    {
        static long PointsReached(long count) => count <= SummaryThreshold ? 0 : ((count - SummaryThreshold - 1) / SummaryInterval) + 1;
        return PointsReached(after) > PointsReached(before);
    }

    private static async Task<int> WriteAsync(AssistantReply reply, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var traceParent = Activity.Current?.Id;
        var written = 0;

        string language, level;
        long before, after;
        await using (var command = new NpgsqlCommand(
            "select c.language, c.level, (select count(*) from messages m where m.conversation_id = c.id), " +
            "(select count(*) from messages m where m.conversation_id = c.id and m.turn_id is distinct from $2) from conversations c where c.id = $1",
            connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = reply.ConversationId });
            command.Parameters.Add(new NpgsqlParameter { Value = reply.TurnId });
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return 0;
            }

            (language, level, after, before) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        if (CrossesSummaryPoint(before, after) && await SummarizeJobAsync(connection, transaction, reply.ConversationId, language) is { } summarize)
        {
            written += await WriteAsync(connection, transaction, summarize, traceParent);
        }

        if (!string.IsNullOrWhiteSpace(language) && !string.IsNullOrWhiteSpace(level) && reply.Content.Length > 0)
        {
            written += await WriteAsync(connection, transaction, new ExtractVocabulary(reply.ConversationId, reply.TurnId, language, level, reply.Content), traceParent);
        }

        return written;
    }

    private static async Task<SummarizeConversation?> SummarizeJobAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid conversationId, string language)
    {
        string? previous = null;
        var through = 0L;
        await using (var command = new NpgsqlCommand(
            "select content, through_position from summaries where conversation_id = $1 order by through_position desc limit 1", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = conversationId });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                (previous, through) = (reader.GetString(0), reader.GetInt64(1));
            }
        }

        var messages = new List<JobMessage>();
        await using (var command = new NpgsqlCommand(
            "select position, role, content from messages where conversation_id = $1 and position > $2 and content <> '' order by position", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = conversationId });
            command.Parameters.Add(new NpgsqlParameter { Value = through });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                messages.Add(new JobMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var older = messages.SkipLast(VerbatimMessages).ToList();
        return older.Count == 0 ? null : new SummarizeConversation(conversationId, language, previous, older, older[^1].Position);
    }

    private static async Task<int> WriteAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, T job, string? traceParent)
        where T : class
    {
        await using var command = new NpgsqlCommand("insert into outbox (message_type, payload, traceparent) values ($1, $2, $3)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = typeof(T).Name });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(job), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)traceParent ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A {JobType} job could not be written to the outbox")]
    private static partial void LogEnqueueFailed(ILogger logger, string jobType, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Background jobs for turn {TurnId} could not be written to the outbox")]
    private static partial void LogScheduleFailed(ILogger logger, Guid turnId, Exception exception);
}
