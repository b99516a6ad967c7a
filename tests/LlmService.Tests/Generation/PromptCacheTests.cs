using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;

namespace Platform.LlmService.Tests.Generation;

/// <summary>A conversation's second turn over gRPC reuses its first turn's prompt, and says so in Started, the span and the metric.</summary>
public sealed class PromptCacheTests : IAsyncLifetime
{
    private LlmServer server = null!;

    public async ValueTask InitializeAsync() => server = await LlmServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task TheSecondTurnOfAConversationReportsItsReusedTokensInStartedTheSpanAndThePromptCacheMetric()
    {
        var lookups = new ConcurrentBag<(long Value, object? Result)>();
        var reused = new ConcurrentBag<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == GenerationTelemetry.SourceName && instrument.Name.StartsWith(GenerationTelemetry.PromptCacheMetric, StringComparison.Ordinal))
                {
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == GenerationTelemetry.PromptCacheMetric)
            {
                lookups.Add((value, tags.ToArray().Single(tag => tag.Key == "platform.result").Value));
            }
            else
            {
                reused.Add(value);
            }
        });
        listener.Start();
        using var spans = new SpanCollector();
        using var testSource = new ActivitySource(SpanCollector.TestSourceName);

        var first = Requests.User(Requests.StoryStart, maxTokens: 12, greedy: true);
        first.CacheKey = "conversation-1";
        var firstTurn = await Transcript.CollectAsync(server.Channel, first);
        var second = first.Clone();
        second.Messages.Add(new ChatMessage { Role = Role.Assistant, Content = firstTurn.Text });
        second.Messages.Add(new ChatMessage { Role = Role.User, Content = "The dog ran to the park." });
        Transcript secondTurn;
        ActivityTraceId trace;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            secondTurn = await Transcript.CollectAsync(server.Channel, second);
        }

        Assert.Equal(0, firstTurn.Started!.CachedTokens);
        // The first turn's prompt and its reply, but for the reply's last token: it ended at max_tokens, so that token
        // was sent but never decoded into the cache.
        Assert.Equal("length", firstTurn.Completed!.FinishReason);
        Assert.Equal(firstTurn.Started.PromptTokens + firstTurn.Completed.CompletionTokens - 1, secondTurn.Started!.CachedTokens);
        var span = await spans.NextAsync(a => a.TraceId == trace && a.Kind == ActivityKind.Server);
        Assert.Equal(secondTurn.Started.CachedTokens, span.GetTagItem(GenerationTelemetry.CachedTokensTag));
        Assert.Equal(["hit", "miss"], lookups.Select(lookup => (string)lookup.Result!).Order());
        Assert.Equal(secondTurn.Started.CachedTokens, reused.Sum());
    }
}
