using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.LlmService.Generation;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Tests.Generation;

/// <summary>The llm.generate span and the platform.llm.* histograms of a generation.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class TelemetryTests : IAsyncLifetime
{
    private LlmServer server = null!;

    public async ValueTask InitializeAsync() => server = await LlmServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task AGenerateCallIsOneLlmGenerateServerSpanInTheCallersTraceWithQueueTtftRatePriorityAndAFirstTokenEvent()
    {
        using var spans = new SpanCollector();
        using var testSource = new ActivitySource(SpanCollector.TestSourceName);

        ActivityTraceId trace;
        Transcript transcript;
        using (var root = testSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            transcript = await Transcript.CollectAsync(server.Channel, Requests.User(Requests.StoryStart, maxTokens: 12, greedy: true));
        }

        var span = await spans.NextAsync(a => a.TraceId == trace && a.Kind == ActivityKind.Server);
        Assert.Equal(GenerationTelemetry.SpanName, span.DisplayName);
        Assert.Equal("local", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal("stories260K", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("interactive", span.GetTagItem("platform.priority"));
        Assert.Equal(transcript.Started!.PromptTokens, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(transcript.Completed!.CompletionTokens, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(transcript.Completed.TtftMs, span.GetTagItem("platform.ttft_ms"));
        Assert.Equal(transcript.Started.QueueMs, span.GetTagItem("platform.queue_ms"));
        Assert.True((double)span.GetTagItem("platform.tokens_per_second")! > 0);
        Assert.Equal("length", span.GetTagItem("llm.finish_reason"));
        var firstToken = Assert.Single(span.Events, e => e.Name == GenerationTelemetry.FirstTokenEvent);
        Assert.InRange(firstToken.Timestamp, span.StartTimeUtc, span.StartTimeUtc + span.Duration);
        Assert.DoesNotContain(spans.Ended, a => a.TraceId == trace && a.Source.Name == GenerationTelemetry.SourceName);
    }

    [Fact]
    public async Task AGenerationRecordsTtftTokensPerSecondAndQueueTimeHistograms()
    {
        var measurements = new ConcurrentDictionary<string, double>();
        var advice = new ConcurrentDictionary<string, IReadOnlyList<double>?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == GenerationTelemetry.SourceName)
                {
                    advice[instrument.Name] = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries;
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (tags.ToArray().Contains(new KeyValuePair<string, object?>("gen_ai.request.model", "stories260K")))
            {
                measurements[instrument.Name] = value;
            }
        });
        listener.Start();

        var transcript = await Transcript.CollectAsync(server.Channel, Requests.User(Requests.StoryStart, maxTokens: 30, greedy: true));

        Assert.Equal(transcript.Completed!.TtftMs, measurements["platform.llm.ttft"]);
        Assert.Equal(transcript.Started!.QueueMs, measurements["platform.llm.queue_time"]);
        Assert.Equal(PlatformTelemetry.LatencyBuckets, advice["platform.llm.ttft"]);
        Assert.Equal(PlatformTelemetry.LatencyBuckets, advice["platform.llm.queue_time"]);
        Assert.True(measurements["platform.llm.tokens_per_second"] > 0);
        TestContext.Current.SendDiagnosticMessage(string.Join(", ", measurements.Select(pair => $"{pair.Key} {pair.Value:0.000}")));
    }
}
