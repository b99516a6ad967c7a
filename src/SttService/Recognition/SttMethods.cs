using Platform.Contracts.Stt;
using Platform.ServiceDefaults.Grpc;

namespace Platform.SttService.Recognition;

/// <summary>The RPCs of <c>stt.proto</c>, taken from its descriptor so server and callers agree by construction.</summary>
public static class SttMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = SttReflection.Descriptor.Services[0];

    public static readonly GrpcMethod<TranscribeRequest, TranscriptEvent> Transcribe =
        GrpcMethod<TranscribeRequest, TranscriptEvent>.From(Service, "Transcribe");
}
