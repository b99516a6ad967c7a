using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.SttService.Recognition;

/// <summary>
/// What a transcription tells about itself: attributes and events on its <c>stt.transcribe</c> span (the Transcribe
/// call's server span) and the histograms. Names start with <c>Platform.</c>, so ServiceDefaults exports them.
/// </summary>
public sealed class RecognitionTelemetry
{
    public const string SourceName = "Platform.SttService";
    public const string SpanName = "stt.transcribe";
    public const string Engine = "pocketsphinx";
    public const string CancelledEvent = "cancelled";

    private static readonly double[] RatioBuckets = [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5];
    private static readonly KeyValuePair<string, object?> EngineTag = new("stt.engine", Engine);

    private readonly Histogram<double> decodeTime;
    private readonly Histogram<double> realTimeFactor;
    private readonly Histogram<double> queueTime;

    public RecognitionTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        decodeTime = meter.CreateLatencyHistogram("platform.stt.decode",
            "Decoder time of one transcription, from the first block of audio to the final hypothesis.");
        realTimeFactor = meter.CreateHistogram("platform.stt.real_time_factor", "1",
            "Decoder time divided by the audio's duration; below 1 decodes faster than real time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RatioBuckets });
        queueTime = meter.CreateLatencyHistogram("platform.stt.queue_time", "Time a transcription waited for a free decoder.");
    }

    public static void Describe(Activity? span) => span?.SetTag("stt.engine", Engine);

    public static void Describe(Activity? span, TranscriptUpdate update, int partials)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("stt.audio_ms", update.AudioMilliseconds);
        span.SetTag("stt.decode_ms", update.DecodeTime.TotalMilliseconds);
        span.SetTag("platform.queue_ms", update.QueueTime.TotalMilliseconds);
        span.SetTag("stt.partials", partials);
        if (update.IsFinal && update.AudioMilliseconds > 0)
        {
            span.SetTag("stt.real_time_factor", update.DecodeTime.TotalMilliseconds / update.AudioMilliseconds);
        }
    }

    public static void Cancelled(Activity? span)
    {
        span?.SetTag("stt.cancelled", true);
        span?.AddEvent(new ActivityEvent(CancelledEvent));
    }

    public void Record(TranscriptUpdate final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var decodeMilliseconds = final.DecodeTime.TotalMilliseconds;
        decodeTime.Record(decodeMilliseconds, EngineTag);
        queueTime.Record(final.QueueTime.TotalMilliseconds, EngineTag);
        if (final.AudioMilliseconds > 0)
        {
            realTimeFactor.Record(decodeMilliseconds / final.AudioMilliseconds, EngineTag);
        }
    }
}
