using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Generation;

/// <summary>
/// The <c>llm.generate</c> span and the latency histograms of every generation. Names start with <c>Platform.</c>,
/// so ServiceDefaults exports them; attribute names follow OpenTelemetry's gen_ai conventions where one exists.
/// </summary>
public sealed class GenerationTelemetry
{
    public const string SourceName = "Platform.LlmService";
    public const string SpanName = "llm.generate";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly double[] MillisecondBuckets = [0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];
    private static readonly double[] RateBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly Histogram<double> timeToFirstToken;
    private readonly Histogram<double> tokensPerSecond;
    private readonly Histogram<double> queueTime;

    public GenerationTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        timeToFirstToken = meter.CreateHistogram("platform.llm.ttft", "ms",
            "Time from receiving a Generate call to its first token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
        tokensPerSecond = meter.CreateHistogram("platform.llm.tokens_per_second", "{token}/s",
            "Completion tokens per second after the first token.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RateBuckets });
        queueTime = meter.CreateHistogram("platform.llm.queue_time", "ms",
            "Time a request waited for the model before it was admitted.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
    }

    public static Activity? StartSpan(string provider, string model, GenerationPriority priority)
    {
        var activity = Source.StartActivity(SpanName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", "chat");
            activity.SetTag("gen_ai.provider.name", provider);
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("llm.priority", priority == GenerationPriority.Interactive ? "interactive" : "background");
        }

        return activity;
    }

    public void RecordQueueTime(double milliseconds, string provider, string model, GenerationPriority priority) =>
        queueTime.Record(milliseconds, Tags(provider, model, priority));

    public void RecordFirstToken(double milliseconds, string provider, string model, GenerationPriority priority) =>
        timeToFirstToken.Record(milliseconds, Tags(provider, model, priority));

    public void RecordRate(double perSecond, string provider, string model, GenerationPriority priority) =>
        tokensPerSecond.Record(perSecond, Tags(provider, model, priority));

    private static TagList Tags(string provider, string model, GenerationPriority priority) => new()
    {
        { "gen_ai.provider.name", provider },
        { "gen_ai.request.model", model },
        { "llm.priority", priority == GenerationPriority.Interactive ? "interactive" : "background" },
    };
}
