using System.Diagnostics;
using Npgsql;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Jobs;

public sealed class BackgroundJobTests(GatewayEnvironment environment, JobsPlatform platform) : IClassFixture<JobsPlatform>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task After_11_messages_a_summary_is_stored_and_the_next_prompt_has_it_with_the_last_5_messages_verbatim()
    {
        await using var harness = await GatewayHarness.StartAsync(
            environment, new SyntheticLlmBehaviour { Tokens = 4, TokenInterval = TimeSpan.Zero }, settings: platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync();
        for (var turn = 1; turn <= 6; turn++)
        {
            await CompleteTurnAsync(harness, conversation, $"message number {turn}");
        }

        var waited = Stopwatch.StartNew();
        var summaries = await Eventually.ReturnsAsync(() => SummariesAsync(harness, conversation), found => found.Count > 0, JobTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine($"summary stored {waited.ElapsedMilliseconds} ms after the 12th message");
        var (content, through) = Assert.Single(summaries);
        var stored = await MessagesAsync(harness, conversation);
        Assert.Equal(12, stored.Count);
        Assert.Equal(stored[6].Position, through);

        await CompleteTurnAsync(harness, conversation, "message number 7");

        var prompt = harness.Llm.Behaviour.Calls.Last().Request.Messages;
        Assert.Contains($"Summary of the conversation so far: {content}", prompt[0].Content, StringComparison.Ordinal);
        Assert.Equal([.. stored.Skip(7).Select(message => message.Content), "message number 7"], prompt.Skip(1).Select(message => message.Content));
        Assert.Single(await SummariesAsync(harness, conversation));
    }

    [Fact]
    public async Task Turns_succeed_while_RabbitMQ_is_down_and_their_jobs_are_sent_once_it_is_back()
    {
        await using var harness = await GatewayHarness.StartAsync(
            environment, new SyntheticLlmBehaviour { Tokens = 4, TokenInterval = TimeSpan.Zero }, settings: platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync();
        for (var turn = 1; turn <= 4; turn++)
        {
            await CompleteTurnAsync(harness, conversation, $"before the outage {turn}");
        }

        var broker = platform.RabbitMQ.ProcessId;
        Process.GetProcessById(broker).Kill();
        for (var turn = 5; turn <= 6; turn++)
        {
            await CompleteTurnAsync(harness, conversation, $"during the outage {turn}");
        }

        var pendingDuringOutage = await PendingAsync(harness);
        await platform.RabbitMQ.WaitForRestartAsync("messaging", broker, TimeSpan.FromSeconds(60));
        var waited = Stopwatch.StartNew();
        var pending = await Eventually.ReturnsAsync(() => PendingAsync(harness), count => count == 0, JobTimeout);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{pendingDuringOutage} jobs pending during the outage; all sent {waited.ElapsedMilliseconds} ms after RabbitMQ was back");

        Assert.Equal(0, pending);
        Assert.Equal((6, 1), await OutboxCountsAsync(harness));
        var summaries = await Eventually.ReturnsAsync(() => SummariesAsync(harness, conversation), found => found.Count > 0, JobTimeout);
        Assert.Single(summaries);
    }

    private static async Task CompleteTurnAsync(GatewayHarness harness, Guid conversation, string content)
    {
        var events = new List<string>();
        await foreach (var e in harness.StreamTurnAsync(conversation, content))
        {
            events.Add(e.Type);
        }

        Assert.Equal("turn.completed", events[^1]);
    }

    private static async Task<List<(string Content, long Through)>> SummariesAsync(GatewayHarness harness, Guid conversation)
    {
        var list = new List<(string, long)>();
        await Query(harness, "select content, through_position from summaries where conversation_id = $1", [conversation], reader => list.Add((reader.GetString(0), reader.GetInt64(1))));
        return list;
    }

    private static async Task<List<(long Position, string Content)>> MessagesAsync(GatewayHarness harness, Guid conversation)
    {
        var list = new List<(long, string)>();
        await Query(harness, "select position, content from messages where conversation_id = $1 order by position", [conversation], reader => list.Add((reader.GetInt64(0), reader.GetString(1))));
        return list;
    }

    private static async Task<long> PendingAsync(GatewayHarness harness)
    {
        var count = 0L;
        await Query(harness, "select count(*) from outbox where sent_at is null", [], reader => count = reader.GetInt64(0));
        return count;
    }

    /// <summary>Vocabulary jobs and summary jobs written, one of each kind per due point.</summary>
    private static async Task<(long Vocabulary, long Summaries)> OutboxCountsAsync(GatewayHarness harness)
    {
        var counts = (0L, 0L);
        await Query(harness,
            "select count(*) filter (where message_type = 'ExtractVocabulary'), count(*) filter (where message_type = 'SummarizeConversation') from outbox", [],
            reader => counts = (reader.GetInt64(0), reader.GetInt64(1)));
        return counts;
    }

    private static async Task Query(GatewayHarness harness, string sql, object[] parameters, Action<NpgsqlDataReader> read)
    {
        await using var connection = new NpgsqlConnection(harness.Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            read(reader);
        }
    }
}
