using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.ServiceDefaults.Telemetry;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests;

/// <summary>The turn span and the platform.turn.* histograms, observed in this process as an exporter would see them.</summary>
public sealed class GatewayTelemetryTests
{
    [Fact]
    public void AVoiceTurnsMomentsAreAttributesAndEventsOnItsSpanAndMeasurementsOfTheTurnHistograms()
    {
        var spans = new List<Activity>();
        var measurements = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        var advice = new Dictionary<string, IReadOnlyList<double>?>();
        using var listener = ListenToSpans(spans);
        using var meters = ListenToHistograms(measurements, advice);
        var turnId = Guid.NewGuid();
        var conversationId = Guid.NewGuid();

        using (var turn = GatewayTelemetry.StartTurn(turnId, conversationId, voice: true))
        {
            GatewayTelemetry.FirstToken(turn, 120.5, voice: true);
            GatewayTelemetry.FirstAudioPlayed(turn, 240.25, voice: true);
            GatewayTelemetry.Finished(turn, "complete", 900, voice: true);
        }

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("turn.id") == turnId.ToString());
        Assert.Equal(GatewayTelemetry.TurnSpanName, span.DisplayName);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(conversationId.ToString(), span.GetTagItem("conversation.id"));
        Assert.Equal(true, span.GetTagItem("turn.voice"));
        Assert.Equal("complete", span.GetTagItem("turn.status"));
        Assert.Equal(120.5, span.GetTagItem("platform.ttft_ms"));
        Assert.Equal(240.25, span.GetTagItem("platform.first_audio_ms"));
        Assert.Equal(240.25, span.GetTagItem("platform.voice_to_first_audio_ms"));
        Assert.Equal(900.0, span.GetTagItem("platform.total_ms"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal([GatewayTelemetry.FirstTokenEvent, GatewayTelemetry.FirstAudioEvent], span.Events.Select(e => e.Name));
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "platform.turn.ttft" && m.Value == 120.5 && Equals(m.Tags["turn.voice"], true));
            Assert.Contains(measurements, m => m.Name == "platform.turn.first_audio" && m.Value == 240.25);
            Assert.Contains(measurements, m => m.Name == "platform.turn.voice_to_first_audio" && m.Value == 240.25);
            Assert.Contains(measurements, m => m.Name == "platform.turn.total" && m.Value == 900 && Equals(m.Tags["turn.status"], "complete"));
        }

        Assert.All(new[] { "platform.turn.ttft", "platform.turn.first_audio", "platform.turn.voice_to_first_audio", "platform.turn.total" },
            name => Assert.Equal(PlatformTelemetry.LatencyBuckets, advice[name]));
    }

    [Fact]
    public void ATypedTurnHasNoVoiceToFirstAudioAndACancelledOneIsAnEventNotAnError()
    {
        var spans = new List<Activity>();
        var measurements = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = ListenToSpans(spans);
        using var meters = ListenToHistograms(measurements, []);
        var turnId = Guid.NewGuid();

        using (var turn = GatewayTelemetry.StartTurn(turnId, Guid.NewGuid(), voice: false))
        {
            GatewayTelemetry.FirstToken(turn, 80, voice: false);
            GatewayTelemetry.Finished(turn, "cancelled", 300, voice: false);
        }

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("turn.id") == turnId.ToString());
        Assert.Equal(false, span.GetTagItem("turn.voice"));
        Assert.Null(span.GetTagItem("platform.voice_to_first_audio_ms"));
        Assert.Null(span.GetTagItem("platform.first_audio_ms"));
        Assert.Contains(span.Events, e => e.Name == GatewayTelemetry.CancelledEvent);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "platform.turn.total" && m.Value == 300 && Equals(m.Tags["turn.status"], "cancelled"));
        }
    }

    [Fact]
    public void AFailedTurnsSpanHasErrorStatus()
    {
        var spans = new List<Activity>();
        using var listener = ListenToSpans(spans);
        var turnId = Guid.NewGuid();

        using (var turn = GatewayTelemetry.StartTurn(turnId, Guid.NewGuid(), voice: false))
        {
            GatewayTelemetry.Finished(turn, "failed", 50, voice: false);
        }

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("turn.id") == turnId.ToString());
        Assert.Equal(ActivityStatusCode.Error, span.Status);
    }

    private static ActivityListener ListenToSpans(List<Activity> spans) => SpanCapture.Start(spans, name => name == GatewayTelemetry.Name);

    private static MeterListener ListenToHistograms(List<(string Name, double Value, Dictionary<string, object?> Tags)> measurements, Dictionary<string, IReadOnlyList<double>?> advice)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meterListener) =>
            {
                if (instrument.Meter.Name == GatewayTelemetry.Name && instrument is Histogram<double> histogram)
                {
                    advice[instrument.Name] = histogram.Advice?.HistogramBucketBoundaries;
                    meterListener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var tagged = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagged[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tagged));
            }
        });
        listener.Start();
        return listener;
    }
}
