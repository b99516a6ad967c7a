using Google.Protobuf;
using Grpc.Core;
using Platform.Contracts.Stt;

namespace Platform.Gateway.Speech;

/// <summary>Recorded audio (an upload) through SttService's StreamTranscribe, fed at full speed while its transcripts come back.</summary>
public static class StreamedTranscription
{
    private const int PieceBytes = 32 * 1024;

    /// <summary>Each event of the call: partials, the endpointer's speech events, and the one final transcript.</summary>
    public static async IAsyncEnumerable<TranscriptEvent> TranscribeAsync(
        SpeechClient speech,
        SpokenInput input,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = speech.StreamTranscribe(cancellationToken);
        var config = new StreamConfig
        {
            Format = input.Format,
            Language = input.Language,
            Endpointing = new Endpointing { Mode = EndpointMode.Manual },
        };
        var sending = SendAsync(call.RequestStream, config, input.Audio, cancellationToken);
        await foreach (var transcriptEvent in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            yield return transcriptEvent;
        }

        await sending;
    }

    private static async Task SendAsync(IClientStreamWriter<AudioInput> requests, StreamConfig config, byte[] audio, CancellationToken cancellationToken)
    {
        try
        {
            await requests.WriteAsync(new AudioInput { Config = config }, cancellationToken);
            for (var offset = 0; offset < audio.Length; offset += PieceBytes)
            {
                var piece = audio.AsMemory(offset, Math.Min(PieceBytes, audio.Length - offset));
                await requests.WriteAsync(new AudioInput { Audio = UnsafeByteOperations.UnsafeWrap(piece) }, cancellationToken);
            }

            await requests.WriteAsync(new AudioInput { End = new AudioEnd() }, cancellationToken);
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or OperationCanceledException)
        {
            // The call ended first (refused, failed or cancelled); its responses say how.
        }
    }
}
