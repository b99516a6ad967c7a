using Grpc.Core;
using Platform.Contracts.Stt;
using Platform.Contracts.Tts;
using Platform.Contracts.Grpc;

namespace Platform.Gateway.Speech;

/// <summary>The Gateway's connections to SttService and TtsService; either may be absent, and then voice turns are refused.</summary>
public sealed class SpeechClient(Stt.SttClient? stt, Tts.TtsClient? tts, IHttpClientFactory http)
{
    public const string HealthClientName = "stt-health";

    public bool IsAvailable => stt is not null && tts is not null;

    public IAsyncEnumerable<TranscriptEvent> TranscribeAsync(TranscribeRequest request, CancellationToken cancellationToken) =>
        (stt ?? throw Unconfigured("stt")).Transcribe(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken).ResponsesAsync(cancellationToken);

    /// <summary>
    /// A StreamTranscribe call: audio goes up while transcripts come down. It has no deadline of its own (a
    /// hands-free microphone stays open); cancelling <paramref name="cancellationToken"/> ends it.
    /// </summary>
    public AsyncDuplexStreamingCall<AudioInput, TranscriptEvent> StreamTranscribe(CancellationToken cancellationToken) =>
        (stt ?? throw Unconfigured("stt")).StreamTranscribe(cancellationToken: cancellationToken);

    public IAsyncEnumerable<AudioChunk> SynthesizeAsync(SynthesizeRequest request, CancellationToken cancellationToken) =>
        (tts ?? throw Unconfigured("tts")).Synthesize(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken).ResponsesAsync(cancellationToken);

    public async Task<VoicesReply> VoicesAsync(CancellationToken cancellationToken) =>
        await (tts ?? throw Unconfigured("tts")).VoicesAsync(new VoicesRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);

    /// <summary>SttService's readiness report (its /health, over HTTP/2 like its gRPC), or null when it has no address.</summary>
    public async Task<(bool Ready, string Report)?> SttHealthAsync(CancellationToken cancellationToken)
    {
        if (stt is null)
        {
            return null;
        }

        using var response = await http.CreateClient(HealthClientName).GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static RpcException Unconfigured(string service) =>
        new(new Status(StatusCode.Unavailable, $"Voice is not available: no address for '{service}' (services__{service}__http__0)."));
}
