using Platform.Contracts.Stt;
using Platform.Contracts.Tts;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.Gateway.Speech;

/// <summary>The Gateway's connections to SttService and TtsService; either may be absent, and then voice turns are refused.</summary>
public sealed class SpeechClient(GrpcChannel? stt, GrpcChannel? tts)
{
    public static readonly GrpcMethod<TranscribeRequest, TranscriptEvent> Transcribe =
        GrpcMethod<TranscribeRequest, TranscriptEvent>.From(SttReflection.Descriptor.Services[0], "Transcribe");

    public static readonly GrpcMethod<SynthesizeRequest, AudioChunk> Synthesize =
        GrpcMethod<SynthesizeRequest, AudioChunk>.From(TtsReflection.Descriptor.Services[0], "Synthesize");

    public bool IsAvailable => stt is not null && tts is not null;

    public IAsyncEnumerable<TranscriptEvent> TranscribeAsync(TranscribeRequest request, CancellationToken cancellationToken) =>
        (stt ?? throw Unconfigured("stt")).ServerStreamingAsync(Transcribe, request, GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(60), cancellationToken), cancellationToken);

    public IAsyncEnumerable<AudioChunk> SynthesizeAsync(SynthesizeRequest request, CancellationToken cancellationToken) =>
        (tts ?? throw Unconfigured("tts")).ServerStreamingAsync(Synthesize, request, GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(60), cancellationToken), cancellationToken);

    private static RpcException Unconfigured(string service) =>
        new(StatusCode.Unavailable, $"Voice is not available: no address for '{service}' (services__{service}__http__0).");
}
