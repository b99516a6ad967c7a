using Platform.Contracts.Stt;
using Platform.Contracts.Tts;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.Gateway.Speech;

/// <summary>The Gateway's connections to SttService and TtsService; either may be absent, and then voice turns are refused.</summary>
public sealed class SpeechClient(GrpcChannel? stt, GrpcChannel? tts)
{
    private static readonly HttpClient Probe = new(new SocketsHttpHandler { UseProxy = false })
    {
        DefaultRequestVersion = System.Net.HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static readonly GrpcMethod<VoicesRequest, VoicesReply> Voices =
        GrpcMethod<VoicesRequest, VoicesReply>.From(TtsReflection.Descriptor.Services[0], "Voices");

    public static readonly GrpcMethod<TranscribeRequest, TranscriptEvent> Transcribe =
        GrpcMethod<TranscribeRequest, TranscriptEvent>.From(SttReflection.Descriptor.Services[0], "Transcribe");

    public static readonly GrpcMethod<SynthesizeRequest, AudioChunk> Synthesize =
        GrpcMethod<SynthesizeRequest, AudioChunk>.From(TtsReflection.Descriptor.Services[0], "Synthesize");

    public bool IsAvailable => stt is not null && tts is not null;

    public IAsyncEnumerable<TranscriptEvent> TranscribeAsync(TranscribeRequest request, CancellationToken cancellationToken) =>
        (stt ?? throw Unconfigured("stt")).ServerStreamingAsync(Transcribe, request, GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(60), cancellationToken), cancellationToken);

    public IAsyncEnumerable<AudioChunk> SynthesizeAsync(SynthesizeRequest request, CancellationToken cancellationToken) =>
        (tts ?? throw Unconfigured("tts")).ServerStreamingAsync(Synthesize, request, GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(60), cancellationToken), cancellationToken);

    public Task<VoicesReply> VoicesAsync(CancellationToken cancellationToken) =>
        (tts ?? throw Unconfigured("tts")).UnaryAsync(Voices, new VoicesRequest(), GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(5), cancellationToken));

    /// <summary>SttService's readiness report (its /health, over HTTP/2 like its gRPC), or null when it has no address.</summary>
    public async Task<(bool Ready, string Report)?> SttHealthAsync(CancellationToken cancellationToken)
    {
        if (stt is null)
        {
            return null;
        }

        using var response = await Probe.GetAsync(new Uri(stt.Address, "/health"), cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static RpcException Unconfigured(string service) =>
        new(StatusCode.Unavailable, $"Voice is not available: no address for '{service}' (services__{service}__http__0).");
}
