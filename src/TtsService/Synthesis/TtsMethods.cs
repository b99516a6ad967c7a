using Platform.Contracts.Tts;
using Platform.ServiceDefaults.Grpc;

namespace Platform.TtsService.Synthesis;

/// <summary>The RPCs of <c>tts.proto</c>, taken from its descriptor so server and callers agree by construction.</summary>
public static class TtsMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = TtsReflection.Descriptor.Services[0];

    public static readonly GrpcMethod<SynthesizeRequest, AudioChunk> Synthesize = GrpcMethod<SynthesizeRequest, AudioChunk>.From(Service, "Synthesize");

    public static readonly GrpcMethod<VoicesRequest, VoicesReply> Voices = GrpcMethod<VoicesRequest, VoicesReply>.From(Service, "Voices");
}
