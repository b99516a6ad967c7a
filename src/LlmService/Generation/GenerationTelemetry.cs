using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.LlmService.Scheduling;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Generation;

/// <summary>
/// What a generation tells about itself: on its <c>llm.generate</c> span (the Generate call's server span, or a span
/// of its own for a background job) and in the latency histograms. Names start with <c>Platform.</c>, so
/// ServiceDefaults exports them; attribute names follow OpenTelemetry's gen_ai conventions where one exists.
/// </summary>
public sealed class GenerationTelemetry
{
    public const string SourceName = "Platform.LlmService";
    public const string SpanName = "llm.generate";
    public const string FirstTokenEvent = "first_token";
    public const string CancelledEvent = "cancelled";
    public const string DroppedMessagesTag = "llm.prompt.dropped_messages";
    public const string CachedTokensTag = "gen_ai.usage.cache_read.input_tokens";
    public const string PromptCacheMetric = "platform.llm.prompt_cache";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly double[] RateBuckets = [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];

    private readonly Histogram<double> timeToFirstToken;
    private readonly Histogram<double> tokensPerSecond;
    private readonly Histogram<double> queueTime;
    private readonly Counter<long> promptCacheLookups;
    private readonly Counter<long> promptCacheTokens;

    public GenerationTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        timeToFirstToken = meter.CreateLatencyHistogram("platform.llm.ttft", "Time from receiving a Generate call to its first token.");
        tokensPerSecond = meter.CreateHistogram("platform.llm.tokens_per_second", "{token}/s",
            "Completion tokens per second after the first token.", tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RateBuckets });
        queueTime = meter.CreateLatencyHistogram("platform.llm.queue_time", "Time a request waited for the model before it was admitted.");
        promptCacheLookups = meter.CreateCounter<long>(PromptCacheMetric, "{request}",
            "Requests with a cache key, by result: hit (part of the prompt was reused) or miss (all of it was decoded).");
        promptCacheTokens = meter.CreateCounter<long>(PromptCacheMetric + ".reused_tokens", "{token}",
            "Prompt tokens reused from a conversation's previous turn instead of decoded again.");
    }

    /// <summary>A span of its own for a generation that no gRPC call carries (a background job's).</summary>
    public static Activity? StartSpan(string provider, string model, GenerationPriority priority)
    {
        var activity = Source.StartActivity(SpanName, ActivityKind.Internal);
        Describe(activity, provider, model, priority);
        return activity;
    }

    public static void Describe(Activity? span, string provider, string model, GenerationPriority priority)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("gen_ai.operation.name", "chat");
        span.SetTag("gen_ai.provider.name", provider);
        span.SetTag("gen_ai.request.model", model);
        span.SetTag("platform.priority", PriorityName(priority));
    }

    /// <summary>How the prompt was fitted to the context: the oldest messages left out, and the reply's budget.</summary>
    public static void Fitted(Activity? span, Context.FittedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        span?.SetTag(DroppedMessagesTag, prompt.DroppedMessages);
        span?.SetTag("gen_ai.request.max_tokens", prompt.ReplyTokens);
    }

    public static void FirstToken(Activity? span, TimeSpan timeToFirstToken) =>
        span?.AddEvent(new ActivityEvent(FirstTokenEvent, tags: new ActivityTagsCollection { ["platform.ttft_ms"] = timeToFirstToken.TotalMilliseconds }));

    public static void Cancelled(Activity? span)
    {
        span?.SetTag("llm.finish_reason", "cancelled");
        span?.AddEvent(new ActivityEvent(CancelledEvent));
    }

    /// <summary>A keyed request's cache lookup, for a provider that keeps prompts (<paramref name="cachedTokens"/> not null).</summary>
    public void RecordPromptCache(Activity? span, int? cachedTokens, string provider, string model, GenerationPriority priority)
    {
        if (cachedTokens is not { } reused)
        {
            return;
        }

        span?.SetTag(CachedTokensTag, reused);
        var tags = Tags(provider, model, priority);
        tags.Add("platform.result", reused > 0 ? "hit" : "miss");
        promptCacheLookups.Add(1, tags);
        promptCacheTokens.Add(reused, Tags(provider, model, priority));
    }

    public void RecordQueueTime(double milliseconds, string provider, string model, GenerationPriority priority) =>
        queueTime.Record(milliseconds, Tags(provider, model, priority));

    public void RecordFirstToken(double milliseconds, string provider, string model, GenerationPriority priority) =>
        timeToFirstToken.Record(milliseconds, Tags(provider, model, priority));

    public void RecordRate(double perSecond, string provider, string model, GenerationPriority priority) =>
        tokensPerSecond.Record(perSecond, Tags(provider, model, priority));

    private static string PriorityName(GenerationPriority priority) => priority == GenerationPriority.Interactive ? "interactive" : "background";

    private static TagList Tags(string provider, string model, GenerationPriority priority) => new()
    {
        { "gen_ai.provider.name", provider },
        { "gen_ai.request.model", model },
        { "platform.priority", PriorityName(priority) },
    };
}
