using Npgsql;

namespace Platform.Gateway.Conversations;

/// <summary>Conversations and their messages in PostgreSQL; the Gateway owns this data.</summary>
public sealed class ConversationStore(NpgsqlDataSource dataSource)
{
    private const string LatestSummarySql =
        "select content, through_position, created_at from summaries where conversation_id = $1 order by through_position desc limit 1";

    private const string MessageColumns = "id, turn_id, role, content, status, model, prompt_tokens, completion_tokens, ttft_ms, total_ms, created_at";

    public async Task<Conversation> CreateAsync(Guid ownerId, string language, string level, string scenario, string persona, CancellationToken cancellationToken) =>
        await CreateAsync(ownerId, new Conversation(Guid.Empty, language, level, scenario, persona, default), openingLine: null, cancellationToken);

    /// <summary>
    /// Stores a new conversation with <paramref name="settings"/> (its id and time are made here) and, for a scenario, the
    /// character's <paramref name="openingLine"/> as its first message, in one transaction.
    /// </summary>
    public async Task<Conversation> CreateAsync(Guid ownerId, Conversation settings, string? openingLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = Guid.CreateVersion7();
        DateTime createdAt;
        await using (var command = new NpgsqlCommand(
            "insert into conversations (id, owner_id, language, level, scenario, persona, scenario_id) values ($1, $2, $3, $4, $5, $6, $7) returning created_at",
            connection, transaction))
        {
            Add(command, id, ownerId, settings.Language, settings.Level, settings.Scenario, settings.Persona, settings.ScenarioId);
            createdAt = (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        if (openingLine is not null)
        {
            await using var command = new NpgsqlCommand(
                "insert into messages (id, conversation_id, role, content, status) values ($1, $2, 'assistant', $3, 'complete')", connection, transaction);
            Add(command, Guid.CreateVersion7(), id, openingLine);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return settings with { Id = id, CreatedAt = new DateTimeOffset(createdAt, TimeSpan.Zero) };
    }

    /// <summary>The conversation if it exists and belongs to <paramref name="ownerId"/>; another user's is as absent as a missing one.</summary>
    public async Task<Conversation?> FindAsync(Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select id, language, level, scenario, persona, created_at, scenario_id from conversations where id = $1 and owner_id = $2");
        Add(command, id, ownerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadConversation(reader) : null;
    }

    /// <summary>The user's conversations, newest first, each with the start of its first message as a title.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(Guid ownerId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select c.id, c.language, c.level, c.scenario, c.created_at, " +
            "(select left(m.content, 80) from messages m where m.conversation_id = c.id and m.role = 'user' order by m.position limit 1), " +
            "(select max(m.created_at) from messages m where m.conversation_id = c.id) " +
            "from conversations c where c.owner_id = $1 order by coalesce((select max(m.created_at) from messages m where m.conversation_id = c.id), c.created_at) desc limit $2");
        Add(command, ownerId, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<ConversationSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ConversationSummary(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return list;
    }

    public async Task<ConversationDetails?> GetDetailsAsync(Guid id, Guid ownerId, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, ownerId, cancellationToken) is not { } conversation)
        {
            return null;
        }

        var messages = await QueryMessagesAsync($"select {MessageColumns} from messages where conversation_id = $1 order by position", [id], cancellationToken);
        var vocabulary = new List<VocabularyItem>();
        await using (var command = dataSource.CreateCommand(
            "select term, lemma, part_of_speech, definition, example, cefr_level from vocabulary_items where conversation_id = $1 order by created_at, lemma"))
        {
            Add(command, id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                vocabulary.Add(new VocabularyItem(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        return new ConversationDetails(conversation, messages, await LatestSummaryAsync(id, cancellationToken), vocabulary, await CompletedObjectivesAsync(id, cancellationToken));
    }

    /// <summary>The objectives completed in a scenario conversation, in the order they were completed.</summary>
    public async Task<IReadOnlyList<CompletedObjective>> CompletedObjectivesAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "select objective_id, points, turn_id, completed_at from scenario_objectives where conversation_id = $1 order by completed_at, objective_id");
        Add(command, conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var completed = new List<CompletedObjective>();
        while (await reader.ReadAsync(cancellationToken))
        {
            completed.Add(new CompletedObjective(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return completed;
    }

    /// <summary>
    /// Records <paramref name="objectives"/> (id, points) as completed in <paramref name="turnId"/>, each at most once
    /// per conversation however often or concurrently it is claimed. Returns those that were new and the score after.
    /// </summary>
    public async Task<(IReadOnlyList<CompletedObjective> Added, int Score)> CompleteObjectivesAsync(
        Guid conversationId, Guid turnId, IReadOnlyList<(string Id, int Points)> objectives, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = new List<CompletedObjective>();
        foreach (var (id, points) in objectives)
        {
            await using var insert = new NpgsqlCommand(
                "insert into scenario_objectives (conversation_id, objective_id, points, turn_id) values ($1, $2, $3, $4) " +
                "on conflict do nothing returning completed_at", connection, transaction);
            Add(insert, conversationId, id, points, turnId);
            if (await insert.ExecuteScalarAsync(cancellationToken) is DateTime completedAt)
            {
                added.Add(new CompletedObjective(id, points, turnId, new DateTimeOffset(completedAt, TimeSpan.Zero)));
            }
        }

        int score;
        await using (var sum = new NpgsqlCommand("select coalesce(sum(points), 0)::int from scenario_objectives where conversation_id = $1", connection, transaction))
        {
            Add(sum, conversationId);
            score = (int)(await sum.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return (added, score);
    }

    /// <summary>Stores the user's message of a turn; called before generation starts so nothing the user sent is lost.</summary>
    public async Task<StoredMessage> AddUserMessageAsync(Guid conversationId, Guid turnId, string content, CancellationToken cancellationToken)
    {
        var messages = await QueryMessagesAsync(
            $"insert into messages (id, conversation_id, turn_id, role, content, status) values ($1, $2, $3, 'user', $4, 'complete') returning {MessageColumns}",
            [Guid.CreateVersion7(), conversationId, turnId, content],
            cancellationToken);
        return messages.Single();
    }

    /// <summary>Removes the user's message of a turn that was refused before any reply; nothing else of the conversation.</summary>
    public async Task RemoveUserMessageAsync(Guid turnId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("delete from messages where turn_id = $1 and role = 'user'");
        Add(command, turnId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Stores a turn's reply once, and in the same transaction what <paramref name="alongside"/> writes (the jobs the
    /// reply causes), so either both are stored or neither. Storing the same turn again changes nothing and does not
    /// call <paramref name="alongside"/>.
    /// </summary>
    public async Task StoreReplyAsync(AssistantReply reply, Func<NpgsqlConnection, NpgsqlTransaction, Task>? alongside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            "insert into messages (id, conversation_id, turn_id, role, content, status, model, prompt_tokens, completion_tokens, ttft_ms, total_ms) " +
            "values ($1, $2, $3, 'assistant', $4, $5, $6, $7, $8, $9, $10) on conflict (turn_id) where role = 'assistant' do nothing", connection, transaction))
        {
            Add(command, Guid.CreateVersion7(), reply.ConversationId, reply.TurnId, reply.Content, reply.Status, reply.Model, reply.PromptTokens, reply.CompletionTokens, reply.TtftMs, reply.TotalMs);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return;
            }
        }

        if (alongside is not null)
        {
            await alongside(connection, transaction);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Keeps of a reply only what the person heard before speaking over it; false when the turn has no stored reply yet.</summary>
    public async Task<bool> KeepHeardReplyAsync(Guid turnId, string heard, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"update messages set content = $2, status = '{MessageStatus.Interrupted}' where turn_id = $1 and role = 'assistant'");
        Add(command, turnId, heard);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<StoredMessage?> FindReplyAsync(Guid turnId, CancellationToken cancellationToken) =>
        (await QueryMessagesAsync($"select {MessageColumns} from messages where turn_id = $1 and role = 'assistant'", [turnId], cancellationToken)).SingleOrDefault();

    /// <summary>
    /// What the prompt of a turn in <paramref name="conversation"/> is built from, in one round trip: the latest summary
    /// and the messages after it. The caller has already checked ownership.
    /// </summary>
    public async Task<PromptContext> LoadPromptContextAsync(Conversation conversation, int recentMessages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await using var batch = dataSource.CreateBatch();
        var summaryCommand = new NpgsqlBatchCommand(LatestSummarySql);
        summaryCommand.Parameters.Add(new NpgsqlParameter { Value = conversation.Id });
        const string SinceSummary = "from messages where conversation_id = $1 " +
            "and position > coalesce((select max(through_position) from summaries where conversation_id = $1), 0) and content <> ''";
        var recentCommand = new NpgsqlBatchCommand(
            $"select {MessageColumns} from (select *, position as p {SinceSummary} order by position desc limit $2) recent order by p");
        recentCommand.Parameters.Add(new NpgsqlParameter { Value = conversation.Id });
        recentCommand.Parameters.Add(new NpgsqlParameter { Value = recentMessages });
        var countCommand = new NpgsqlBatchCommand($"select count(*)::int {SinceSummary}");
        countCommand.Parameters.Add(new NpgsqlParameter { Value = conversation.Id });
        batch.BatchCommands.Add(summaryCommand);
        batch.BatchCommands.Add(recentCommand);
        batch.BatchCommands.Add(countCommand);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var summary = await ReadSummaryAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var recent = await ReadMessagesAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PromptContext(conversation, summary, recent, reader.GetInt32(0));
    }

    private async Task<Summary?> LatestSummaryAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LatestSummarySql);
        Add(command, conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadSummaryAsync(reader, cancellationToken);
    }

    private static async Task<Summary?> ReadSummaryAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken)
            ? new Summary(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2))
            : null;

    private async Task<List<StoredMessage>> QueryMessagesAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        Add(command, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadMessagesAsync(reader, cancellationToken);
    }

    private static async Task<List<StoredMessage>> ReadMessagesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var messages = new List<StoredMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new StoredMessage(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetDouble(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return messages;
    }

    private static Conversation ReadConversation(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetString(6));

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
