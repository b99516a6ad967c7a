using System.Diagnostics;
using System.Diagnostics.Metrics;
using Platform.Gateway.Conversations;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.Gateway;

/// <summary>
/// The Gateway's spans and metrics. A turn is one <c>turn</c> span, under the request that started it, and the
/// parent of the turn's model calls; its user-felt moments (TTFT, first audio, total) are both attributes and events on
/// it and measurements in the <c>platform.turn.*</c> histograms, all in milliseconds from when the Gateway accepted it.
/// </summary>
public static class GatewayTelemetry
{
    public const string Name = "Platform.Gateway";
    public const string TurnSpanName = "turn";
    public const string SpeculationSpanName = "speculation";
    public const string FirstTokenEvent = "first_token";
    public const string FirstAudioEvent = "first_audio";
    public const string CancelledEvent = "cancelled";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TurnTtft = Meter.CreateLatencyHistogram(
        "platform.turn.ttft", "Time from a turn being accepted to its first token, as the Gateway sees it.");

    private static readonly Histogram<double> FirstAudio = Meter.CreateLatencyHistogram(
        "platform.turn.first_audio", "Time from a turn being accepted to the first audio of its spoken reply.");

    private static readonly Histogram<double> VoiceToFirstAudio = Meter.CreateLatencyHistogram(
        "platform.turn.voice_to_first_audio",
        "Voice turns: time from the end of the user's audio (when the Gateway has all of it and accepts the turn) to the first audio of the reply.");

    private static readonly Histogram<double> TurnTotal = Meter.CreateLatencyHistogram(
        "platform.turn.total", "Time from a turn being accepted to its end, whatever its status.");

    private static readonly Counter<long> Speculations = Meter.CreateCounter<long>(
        "platform.voice.speculation", "{speculation}",
        "Replies generated ahead of a spoken turn's final transcript, by outcome: kept (the turn took it over) or discarded (cancelled).");

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

    /// <summary>Starts the turn's span; the model calls made while it is current become its children.</summary>
    public static Activity? StartTurn(Guid turnId, Guid conversationId, bool voice)
    {
        var activity = Source.StartActivity(TurnSpanName, ActivityKind.Internal);
        activity?.SetTag("turn.id", turnId.ToString());
        activity?.SetTag("conversation.id", conversationId.ToString());
        activity?.SetTag("turn.voice", voice);
        return activity;
    }

    public static void FirstToken(Activity? turn, double milliseconds, bool voice)
    {
        TurnTtft.Record(milliseconds, new KeyValuePair<string, object?>("turn.voice", voice));
        turn?.SetTag("platform.ttft_ms", milliseconds);
        turn?.AddEvent(new ActivityEvent(FirstTokenEvent));
    }

    /// <summary>The first audio of a spoken reply; for a voice turn this is also voice to first audio.</summary>
    public static void FirstAudioPlayed(Activity? turn, double milliseconds, bool voice)
    {
        FirstAudio.Record(milliseconds, new KeyValuePair<string, object?>("turn.voice", voice));
        turn?.SetTag("platform.first_audio_ms", milliseconds);
        if (voice)
        {
            VoiceToFirstAudio.Record(milliseconds);
            turn?.SetTag("platform.voice_to_first_audio_ms", milliseconds);
        }

        turn?.AddEvent(new ActivityEvent(FirstAudioEvent));
    }

    /// <summary>Counts a speculative generation's outcome.</summary>
    public static void Speculated(bool kept) =>
        Speculations.Add(1, new KeyValuePair<string, object?>("outcome", kept ? "kept" : "discarded"));

    /// <summary>
    /// A reply generated ahead of its turn gets a trace of its own, linked to the request it began in: that is the
    /// socket's, which lasts as long as the socket, and a trace of the socket would hold every speculation of the
    /// conversation. Its model call is its child; the turn that keeps or discards it links to it.
    /// </summary>
    public static Activity? StartSpeculation()
    {
        var origin = Activity.Current?.Context;
        Activity.Current = null;
        return Source.StartActivity(SpeculationSpanName, ActivityKind.Internal, default(ActivityContext), links: origin is { } from ? [new ActivityLink(from)] : null);
    }

    /// <summary>Whether the turn took its speculative generation over (<c>turn.speculation</c> kept or discarded), linked to its span.</summary>
    public static void SpeculationOutcome(Activity? turn, bool kept, ActivityContext speculation)
    {
        turn?.SetTag("turn.speculation", kept ? "kept" : "discarded");
        if (speculation != default)
        {
            turn?.AddLink(new ActivityLink(speculation));
        }
    }

    public static void Finished(Activity? turn, string status, double totalMilliseconds, bool voice)
    {
        TurnTotal.Record(totalMilliseconds, new KeyValuePair<string, object?>("turn.voice", voice), new KeyValuePair<string, object?>("turn.status", status));
        if (turn is null)
        {
            return;
        }

        turn.SetTag("turn.status", status);
        turn.SetTag("platform.total_ms", totalMilliseconds);
        if (status == MessageStatus.Cancelled)
        {
            turn.AddEvent(new ActivityEvent(CancelledEvent));
        }

        // A cancel is the user's choice (barge-in), not a failure.
        if (status == MessageStatus.Failed)
        {
            turn.SetStatus(ActivityStatusCode.Error, status);
        }
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
