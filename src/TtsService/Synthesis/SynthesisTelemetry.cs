using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Synthesis;

/// <summary>
/// What a synthesis tells about itself: attributes and events on its <c>tts.synthesize</c> span (the Synthesize call's
/// server span) and the histograms. Names start with <c>Platform.</c>, so ServiceDefaults exports them.
/// </summary>
public sealed class SynthesisTelemetry
{
    public const string SourceName = "Platform.TtsService";
    public const string SpanName = "tts.synthesize";
    public const string FirstAudioEvent = "first_audio";
    public const string CancelledEvent = "cancelled";

    private static readonly double[] RatioBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2];

    private readonly Histogram<double> firstChunk;
    private readonly Histogram<double> realTimeFactor;
    private readonly Histogram<double> queueTime;

    public SynthesisTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(SourceName);
        firstChunk = meter.CreateLatencyHistogram("platform.tts.first_chunk", "Time from receiving a Synthesize call to sending its first audio chunk.");
        realTimeFactor = meter.CreateHistogram("platform.tts.real_time_factor", "1",
            "Time from receiving a Synthesize call to sending its last chunk, divided by the duration of its audio; below 1 is faster than real time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RatioBuckets });
        queueTime = meter.CreateLatencyHistogram("platform.tts.queue_time", "Time a synthesis waited for its engine, which runs one synthesis at a time.");
    }

    public static void DescribeVoice(Activity? span, SpeechVoice voice, int textLength, int segments)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("tts.engine", voice.Engine);
        span.SetTag("tts.voice", voice.Name);
        span.SetTag("tts.language", voice.Language);
        span.SetTag("tts.sample_rate", voice.SampleRate);
        span.SetTag("tts.text_length", textLength);
        span.SetTag("tts.segments", segments);
    }

    public static void FirstAudio(Activity? span, TimeSpan firstChunk)
    {
        span?.SetTag("platform.first_audio_ms", firstChunk.TotalMilliseconds);
        span?.AddEvent(new ActivityEvent(FirstAudioEvent));
    }

    public static void Cancelled(Activity? span, SynthesisMeasurements measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag("tts.cancelled", true);
        span.SetTag("tts.audio_ms", measurements.Audio.TotalMilliseconds);
        span.SetTag("tts.cancel_to_stop_ms", measurements.CancelToStop?.TotalMilliseconds);
        span.AddEvent(new ActivityEvent(CancelledEvent));
    }

    public void Record(Activity? span, SpeechVoice voice, SynthesisMeasurements measurements, TimeSpan? firstChunkTime, TimeSpan total, int chunks)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(measurements);
        var tags = new TagList { { "tts.engine", voice.Engine }, { "tts.voice", voice.Name } };
        queueTime.Record(measurements.QueueTime.TotalMilliseconds, tags);
        if (firstChunkTime is { } first)
        {
            firstChunk.Record(first.TotalMilliseconds, tags);
        }

        var audio = measurements.Audio;
        if (audio > TimeSpan.Zero)
        {
            realTimeFactor.Record(total / audio, tags);
        }

        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("platform.queue_ms", measurements.QueueTime.TotalMilliseconds);
            span.SetTag("tts.audio_ms", audio.TotalMilliseconds);
            span.SetTag("tts.synthesis_ms", total.TotalMilliseconds);
            span.SetTag("tts.chunks", chunks);
            if (audio > TimeSpan.Zero)
            {
                span.SetTag("tts.real_time_factor", total / audio);
            }
        }
    }
}
