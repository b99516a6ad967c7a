using Platform.Contracts.Llm;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Gateway.Llm;

public static class LlmMethods
{
    public static readonly GrpcMethod<GenerateRequest, GenerateEvent> Generate =
        GrpcMethod<GenerateRequest, GenerateEvent>.From(LlmReflection.Descriptor.Services[0], "Generate");

    public static readonly GrpcMethod<ModelsRequest, ModelsReply> Models =
        GrpcMethod<ModelsRequest, ModelsReply>.From(LlmReflection.Descriptor.Services[0], "Models");
}
