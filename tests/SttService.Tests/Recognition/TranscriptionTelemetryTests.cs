using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;
using Platform.SttService.Recognition;
using Platform.Testing.Speech;
using Platform.Testing.Telemetry;

namespace Platform.SttService.Tests.Recognition;

public sealed class TranscriptionTelemetryTests(SharedSttServer shared, SpeechClips clips)
{
    private const string TestSourceName = "Platform.SttService.Tests";

    private static readonly ActivitySource TestSource = new(TestSourceName);

    [Fact]
    public async Task TranscribeIsOneServerSpanNamedSttTranscribeInTheCallersTraceCarryingAudioDecodeAndQueueTimesAndHistogramsRecordThem()
    {
        var spans = new List<Activity>();
        var measurements = new List<(string Name, double Value)>();
        using var listener = Listen(spans);
        var advice = new Dictionary<string, IReadOnlyList<double>?>();
        using var meters = Measure(measurements, advice);
        var wav = await clips.WavAsync("Thank you very much for your help.");

        ActivityTraceId trace;
        Transcription transcription;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            transcription = await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(wav));
        }

        var span = await WaitForSpanAsync(spans, trace);

        var final = transcription.Final;
        lock (spans)
        {
            Assert.DoesNotContain(spans, s => s.TraceId == trace && s.Kind == ActivityKind.Internal && s.Source != TestSource);
        }

        Assert.Equal("pocketsphinx", span.GetTagItem("stt.engine"));
        Assert.Equal("en-US", span.GetTagItem("stt.language"));
        Assert.Equal(final.AudioMs, span.GetTagItem("stt.audio_ms"));
        Assert.Equal(transcription.Partials.Count, span.GetTagItem("stt.partials"));
        Assert.InRange((double)span.GetTagItem("stt.decode_ms")!, final.DecodeMs - 1, final.DecodeMs + 1);
        Assert.InRange((double)span.GetTagItem("platform.queue_ms")!, final.QueueMs - 1, final.QueueMs + 1);
        Assert.InRange((double)span.GetTagItem("stt.real_time_factor")!, 0.001, 5);
        Assert.Equal(16_000, span.GetTagItem("stt.input.sample_rate"));
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "platform.stt.decode" && m.Value > 0);
            Assert.Contains(measurements, m => m.Name == "platform.stt.real_time_factor" && m.Value > 0);
            Assert.Contains(measurements, m => m.Name == "platform.stt.queue_time");
        }

        Assert.Equal(PlatformTelemetry.LatencyBuckets, advice["platform.stt.decode"]);
    }

    /// <summary>The server ends its span just after sending the final event, so it may end after the call returns here.</summary>
    private static Task<Activity> WaitForSpanAsync(List<Activity> spans, ActivityTraceId trace) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        lock (spans)
        {
            while (true)
            {
                var found = spans.SingleOrDefault(s => s.TraceId == trace && s.DisplayName == RecognitionTelemetry.SpanName && s.Kind == ActivityKind.Server);
                if (found is not null)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && Monitor.Wait(spans, left), "No stt.transcribe span of this trace ended within 10 s.");
            }
        }
    });

    private static ActivityListener Listen(List<Activity> spans) =>
        SpanCapture.Start(spans, name => name is "Microsoft.AspNetCore" or TestSourceName);

    private static MeterListener Measure(List<(string Name, double Value)> measurements, Dictionary<string, IReadOnlyList<double>?> advice)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == RecognitionTelemetry.SourceName)
                {
                    lock (advice)
                    {
                        advice[instrument.Name] = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries;
                    }

                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value));
            }
        });
        listener.Start();
        return listener;
    }
}
