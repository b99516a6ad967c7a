using Platform.Contracts.Llm;
using Platform.ServiceDefaults.Grpc;

namespace Platform.LlmService.Generation;

/// <summary>The RPCs of <c>llm.proto</c>, taken from its descriptor so server and callers agree by construction.</summary>
public static class LlmMethods
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = LlmReflection.Descriptor.Services[0];

    public static readonly GrpcMethod<GenerateRequest, GenerateEvent> Generate = GrpcMethod<GenerateRequest, GenerateEvent>.From(Service, "Generate");

    public static readonly GrpcMethod<ModelsRequest, ModelsReply> Models = GrpcMethod<ModelsRequest, ModelsReply>.From(Service, "Models");
}
