using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Gateway;

public static class GatewayTelemetry
{
    public const string Name = "Platform.Gateway";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Histogram<double> TurnTtft = Meter.CreateHistogram<double>(
        "platform.turn.ttft", "ms", "Time from a turn being accepted to its first token, as the Gateway sees it.");

    public static readonly Histogram<double> FirstAudio = Meter.CreateHistogram<double>(
        "platform.turn.first_audio", "ms", "Time from a turn being accepted to its first audio; for voice turns, voice to first audio.");

    private static long activeStreams;

    private static readonly ObservableGauge<long> ActiveStreams = Meter.CreateObservableGauge(
        "platform.gateway.active_streams", () => Interlocked.Read(ref activeStreams), "{stream}", "Client streams (SSE and WebSocket) open on this Gateway.");

    /// <summary>Counts an open client stream until the returned handle is disposed.</summary>
    public static IDisposable TrackStream()
    {
        GC.KeepAlive(ActiveStreams);
        Interlocked.Increment(ref activeStreams);
        return new StreamHandle();
    }

    private sealed class StreamHandle : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref activeStreams);
            }
        }
    }
}
