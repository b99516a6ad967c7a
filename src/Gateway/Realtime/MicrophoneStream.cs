using System.Diagnostics;
using Grpc.Core;
using Google.Protobuf;
using Platform.Contracts.Stt;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

/// <summary>
/// The microphone of one WebSocket, open from <c>audio.start</c>: each binary frame goes into one StreamTranscribe
/// call as it arrives, and what comes back is handed on as it comes: partials and the endpointer's speech events
/// for the socket, each final transcript for a turn. Push-to-talk ends at <c>audio.end</c>; hands-free listens on,
/// each utterance the endpointer closes becoming a turn, until <c>audio.end</c> or the socket closes.
/// </summary>
public sealed class MicrophoneStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<AudioInput, TranscriptEvent> call;
    private readonly CancellationTokenSource stop;
    private readonly long openedAt = Stopwatch.GetTimestamp();
    private readonly long maxBytes;
    private long bytes;
    private long endedAt;
    private bool ended;

    public MicrophoneStream(SpeechClient speech, MicrophoneMode mode, StreamConfig config, long maxBytes, IMicrophoneListener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(speech);
        ArgumentNullException.ThrowIfNull(config);
        Mode = mode;
        this.maxBytes = maxBytes;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call = speech.StreamTranscribe(stop.Token);
        Sending = call.RequestStream.WriteAsync(new AudioInput { Config = config }, stop.Token);
        Listening = ListenAsync(listener);
    }

    public MicrophoneMode Mode { get; }

    /// <summary>How long the microphone has been open.</summary>
    public TimeSpan OpenFor => Stopwatch.GetElapsedTime(openedAt);

    /// <summary>Whether the end marker has been sent.</summary>
    public bool Ended => ended;

    /// <summary>Finishes when SttService has said all it will for this microphone.</summary>
    public Task Listening { get; }

    private Task Sending { get; set; }

    /// <summary>Sends one frame of PCM16; false (and nothing sent) past the microphone's audio allowance.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> pcm)
    {
        if (ended || bytes + pcm.Length > maxBytes)
        {
            return false;
        }

        bytes += pcm.Length;
        await Sending;
        Sending = call.RequestStream.WriteAsync(new AudioInput { Audio = ByteString.CopyFrom(pcm.Span) }, stop.Token);
        return true;
    }

    /// <summary>
    /// How far the audio has run ahead of the wall clock since the microphone opened, in seconds: a client may send
    /// faster than real time for a moment (a buffered start), not for long.
    /// </summary>
    public double SecondsAhead(int nextBytes) =>
        ((bytes + nextBytes) / 32_000.0) - Stopwatch.GetElapsedTime(openedAt).TotalSeconds;

    /// <summary>The end marker: what was heard so far gets its final transcript.</summary>
    public async Task EndAsync()
    {
        if (ended)
        {
            return;
        }

        ended = true;
        endedAt = Stopwatch.GetTimestamp();
        try
        {
            await Sending;
            await call.RequestStream.WriteAsync(new AudioInput { End = new AudioEnd() }, stop.Token);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // The call already ended; Listening reports how.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(Sending, Listening);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // Stopping is all that is wanted now.
        }

        call.Dispose();
        stop.Dispose();
    }

    private async Task ListenAsync(IMicrophoneListener listener)
    {
        try
        {
            await foreach (var heard in call.ResponseStream.ReadAllAsync(stop.Token))
            {
                if (heard.Speech != SpeechEvent.None)
                {
                    listener.SpeechChanged(heard.Speech == SpeechEvent.Started, heard.SpeechMs);
                }
                else if (heard.Stable)
                {
                    listener.Stable(heard.Text.Trim());
                }
                else if (!heard.IsFinal)
                {
                    listener.Heard(new TranscriptionPayload(heard.Text, false, heard.AudioMs, heard.DecodeMs));
                }
                else
                {
                    // Push-to-talk's final follows the end marker, from which its turn counts; a hands-free one is
                    // the endpointer's decision, which is when the person's turn ended.
                    var audioEndedAt = heard.EndReason == EndReason.EndMarker && endedAt != 0 ? endedAt : Stopwatch.GetTimestamp();
                    await listener.FinalAsync(new TranscriptionPayload(heard.Text.Trim(), true, heard.AudioMs, heard.DecodeMs), heard.EndReason == EndReason.MaxLength, audioEndedAt);
                }
            }

            listener.Closed(null);
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !stop.IsCancellationRequested)
        {
            listener.Closed(ex);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
            // The socket closed or the microphone was put away.
        }
    }
}
