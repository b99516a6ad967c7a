using System.Diagnostics;
using MassTransit;
using Platform.Contracts.Jobs;
using Platform.LlmService.Generation;
using Platform.Testing;

namespace Platform.LlmService.Tests.Jobs;

/// <summary>A summary job far longer than stories260K's context (2048 tokens) on a real RabbitMQ, summarized in steps.</summary>
public sealed class LongConversationSummaryTests
{
    private const int Messages = 60;

    [Fact]
    public async Task ASummaryJobOverA60MessageConversationCompletesInStepsThatEachFitTheContext()
    {
        await using var broker = new RabbitMQFixture();
        await broker.InitializeAsync();
        await using var server = await LlmServer.StartAsync(LlmServer.LocalSettings(
            ("ConnectionStrings:messaging", broker.ConnectionString),
            // A summary is at most 120 words, so each step needs no more; it keeps the test's four or so steps short.
            ("Llm:DefaultMaxTokens", "160")));
        using var spans = new SpanCollector();
        var summarized = new TaskCompletionSource<ConversationSummarized>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(broker.ConnectionString));
            rabbit.ReceiveEndpoint(JobQueues.ConversationSummarized, endpoint =>
                endpoint.Handler<ConversationSummarized>(context => Task.FromResult(summarized.TrySetResult(context.Message))));
        });
        await bus.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var job = new SummarizeConversation(Guid.NewGuid(), "en", PreviousSummary: null, Conversation(), ThroughPosition: Messages);
            var started = Stopwatch.GetTimestamp();

            // Other tests' jobs run in this process too: the job's span is told apart by its message id.
            var messageId = NewId.NextGuid();
            await bus.Publish(job, context => context.MessageId = messageId, TestContext.Current.CancellationToken);
            var result = await summarized.Task.WaitAsync(TimeSpan.FromMinutes(6), TestContext.Current.CancellationToken);

            Assert.Equal(job.ConversationId, result.ConversationId);
            Assert.Equal(Messages, result.ThroughPosition);
            Assert.False(string.IsNullOrWhiteSpace(result.Content));
            var jobSpan = await spans.NextAsync(a => a.DisplayName == "job summarize" && a.GetTagItem("messaging.message.id") as string == messageId.ToString());
            var steps = (int)jobSpan.GetTagItem("job.summary_steps")!;
            var generations = spans.Ended.Where(a => a.DisplayName == GenerationTelemetry.SpanName && a.TraceId == jobSpan.TraceId).ToList();
            Assert.InRange(steps, 2, Messages);
            Assert.Equal(steps, generations.Count);
            Assert.All(generations, generation => Assert.Equal(0, generation.GetTagItem(GenerationTelemetry.DroppedMessagesTag)));
            TestContext.Current.SendDiagnosticMessage(
                $"{Messages} messages summarized in {steps} steps, {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s from publish to result");
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static List<JobMessage> Conversation() =>
    [
        .. Enumerable.Range(1, Messages).Select(position => new JobMessage(position, position % 2 == 1 ? "user" : "assistant",
            position % 2 == 1
                ? $"Message {position}: yesterday I went to the market with my sister, and we bought apples, bread, cheese and flowers for our grandmother's birthday party."
                : $"Message {position}: that sounds lovely. What did your grandmother say when she saw the flowers, and did you cook something together for the party?")),
    ];
}
