using Google.Protobuf;
using Grpc.Core;
using Platform.Contracts.Stt;
using Platform.Testing;

namespace Platform.SttService.Tests.Recognition;

/// <summary>
/// Every event of one StreamTranscribe call, in arrival order, and how many had arrived when the end marker was
/// about to be sent (null when the service ended the call first).
/// </summary>
public sealed record StreamedTranscription(IReadOnlyList<TranscriptEvent> Events, int? EventsBeforeEnd)
{
    public IReadOnlyList<TranscriptEvent> Partials => [.. Events.Where(e => !e.IsFinal && e.Speech == SpeechEvent.None && !e.Stable)];

    public IReadOnlyList<TranscriptEvent> Stables => [.. Events.Where(e => e.Stable)];

    public IReadOnlyList<TranscriptEvent> Finals => [.. Events.Where(e => e.IsFinal)];

    public IReadOnlyList<TranscriptEvent> SpeechEvents => [.. Events.Where(e => e.Speech != SpeechEvent.None)];

    public static StreamConfig Pcm(EndpointMode mode, int trailingSilenceMs = 0, int maxUtteranceMs = 0, int stablePartialMs = 0) => new()
    {
        Format = AudioFormat.Pcm1616K,
        Endpointing = new Endpointing { Mode = mode, TrailingSilenceMs = trailingSilenceMs, MaxUtteranceMs = maxUtteranceMs, StablePartialMs = stablePartialMs },
    };

    /// <summary>
    /// Sends the config, then <paramref name="pcm"/> in frames of <paramref name="frameMs"/>, each when a real
    /// microphone would have it when <paramref name="realTime"/>, then the end marker unless the call ended first.
    /// With <paramref name="partialsBeforeEnd"/> the end marker waits (up to 30 s) for that many partials: a loaded
    /// machine decodes slower than real time, and partials that come late still came while the stream was open.
    /// </summary>
    public static async Task<StreamedTranscription> RunAsync(CallInvoker channel, StreamConfig config, ReadOnlyMemory<byte> pcm, bool realTime, int frameMs = 100, int partialsBeforeEnd = 0)
    {
        var enoughPartials = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var partials = 0;
        if (partialsBeforeEnd == 0)
        {
            enoughPartials.SetResult();
        }

        var cancellation = TestContext.Current.CancellationToken;
        using var call = new Stt.SttClient(channel).StreamTranscribe(Calls.WithTimeout(TimeSpan.FromSeconds(60), cancellation));
        var events = new List<TranscriptEvent>();
        var receiving = Task.Run(async () =>
        {
            await foreach (var transcriptEvent in call.ResponseStream.ReadAllAsync(cancellation))
            {
                lock (events)
                {
                    events.Add(transcriptEvent);
                }

                if (!transcriptEvent.IsFinal && transcriptEvent.Speech == SpeechEvent.None && ++partials >= partialsBeforeEnd)
                {
                    enoughPartials.TrySetResult();
                }
            }
        }, cancellation);

        await call.RequestStream.WriteAsync(new AudioInput { Config = config }, cancellation);
        var frameBytes = frameMs * 32;
        using var pace = realTime ? new PeriodicTimer(TimeSpan.FromMilliseconds(frameMs)) : null;
        int? beforeEnd = null;
        try
        {
            for (var offset = 0; offset < pcm.Length && !receiving.IsCompleted; offset += frameBytes)
            {
                if (pace is not null)
                {
                    await pace.WaitForNextTickAsync(cancellation);
                }

                await call.RequestStream.WriteAsync(new AudioInput { Audio = ByteString.CopyFrom(pcm.Span.Slice(offset, Math.Min(frameBytes, pcm.Length - offset))) }, cancellation);
            }

            await Task.WhenAny(enoughPartials.Task, receiving, Task.Delay(TimeSpan.FromSeconds(30), cancellation));
            if (!receiving.IsCompleted)
            {
                lock (events)
                {
                    beforeEnd = events.Count;
                }

                await call.RequestStream.WriteAsync(new AudioInput { End = new AudioEnd() }, cancellation);
                await call.RequestStream.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or RpcException)
        {
            // The service ended the call (endpointed, or refused the audio) while frames were still going out; the
            // receiving side reports how it ended.
        }

        await receiving;
        return new StreamedTranscription(events, beforeEnd);
    }

    /// <summary><paramref name="milliseconds"/> of digital silence as PCM16 bytes.</summary>
    public static byte[] Silence(int milliseconds) => new byte[milliseconds * 32];

    public static byte[] Concat(params ReadOnlyMemory<byte>[] parts) => [.. parts.SelectMany(part => part.ToArray())];
}
