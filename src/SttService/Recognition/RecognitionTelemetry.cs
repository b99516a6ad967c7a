using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.SttService.Recognition;

/// <summary>
/// The <c>stt.transcribe</c> span and the histograms of every transcription. Names start with <c>Platform.</c>, so
/// ServiceDefaults exports them.
/// </summary>
public sealed class RecognitionTelemetry
{
    public const string SourceName = "Platform.SttService";
    public const string SpanName = "stt.transcribe";
    public const string Engine = "pocketsphinx";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly double[] MillisecondBuckets = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000];
    private static readonly double[] RatioBuckets = [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5];
    private static readonly KeyValuePair<string, object?> EngineTag = new("stt.engine", Engine);

    private readonly Histogram<double> decodeTime;
    private readonly Histogram<double> realTimeFactor;
    private readonly Histogram<double> queueTime;

    public RecognitionTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        decodeTime = meter.CreateHistogram("platform.stt.decode", "ms",
            "Decoder time of one transcription, from the first block of audio to the final hypothesis.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
        realTimeFactor = meter.CreateHistogram("platform.stt.real_time_factor", "1",
            "Decoder time divided by the audio's duration; below 1 decodes faster than real time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RatioBuckets });
        queueTime = meter.CreateHistogram("platform.stt.queue_time", "ms",
            "Time a transcription waited for a free decoder.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = MillisecondBuckets });
    }

    public static Activity? StartSpan()
    {
        var activity = Source.StartActivity(SpanName, ActivityKind.Internal);
        activity?.SetTag("stt.engine", Engine);
        return activity;
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
