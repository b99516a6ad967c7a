using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

public sealed class SynthesisTelemetryTests(SharedTtsServer shared)
{
    private static readonly ActivitySource TestSource = new("Platform.TtsService.Tests");

    [Fact]
    public async Task SynthesizeIsOneServerSpanNamedTtsSynthesizeInTheCallersTraceCarryingVoiceFirstAudioAndSpeedAndHistogramsRecordThem()
    {
        var spans = new List<Activity>();
        var measurements = new List<(string Name, double Value)>();
        using var listener = SynthesisSpans.Listen(spans, TestSource);
        using var meters = Measure(measurements);

        ActivityTraceId trace;
        Speech speech;
        using (var root = TestSource.StartActivity("test"))
        {
            trace = root!.TraceId;
            speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Sentence, language: "en-US"));
        }

        var span = await SynthesisSpans.WaitForAsync(spans, s => s.TraceId == trace);
        Assert.Equal("flite", span.GetTagItem("tts.engine"));
        Assert.Equal("slt", span.GetTagItem("tts.voice"));
        Assert.Equal("en-US", span.GetTagItem("tts.language"));
        Assert.Equal(Texts.Sentence.Length, span.GetTagItem("tts.text_length"));
        Assert.Equal(speech.Chunks.Count, span.GetTagItem("tts.chunks"));
        Assert.InRange((double)span.GetTagItem("tts.audio_ms")!, speech.Duration.TotalMilliseconds - 1, speech.Duration.TotalMilliseconds + 1);
        var firstAudio = (double)span.GetTagItem("platform.first_audio_ms")!;
        Assert.InRange(firstAudio, 0.01, (double)span.GetTagItem("tts.synthesis_ms")!);
        Assert.IsType<double>(span.GetTagItem("platform.queue_ms"));
        var firstAudioEvent = Assert.Single(span.Events, e => e.Name == SynthesisTelemetry.FirstAudioEvent);
        Assert.InRange(firstAudioEvent.Timestamp - span.StartTimeUtc, TimeSpan.FromMilliseconds(firstAudio - 1), span.Duration);
        Assert.InRange((double)span.GetTagItem("tts.real_time_factor")!, 0.0001, 1);
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "platform.tts.first_chunk" && m.Value == firstAudio);
            Assert.Contains(measurements, m => m.Name == "platform.tts.real_time_factor" && m.Value > 0);
            Assert.Contains(measurements, m => m.Name == "platform.tts.queue_time");
        }
    }

    private static MeterListener Measure(List<(string Name, double Value)> measurements)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == SynthesisTelemetry.SourceName)
                {
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
