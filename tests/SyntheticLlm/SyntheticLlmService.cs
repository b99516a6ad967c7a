using Platform.Contracts.Llm;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Server;

namespace Platform.Testing.SyntheticLlm;

/// <summary>
/// A SYNTHETIC token source speaking the real Llm contract: it emits "w0 w1 w2 ..." at a fixed pace, so that tests
/// and benchmarks of the Gateway are not paced by a model. It is never a stand-in for the model in production.
/// </summary>
public sealed class SyntheticLlmService(SyntheticLlmBehaviour behaviour) : IGrpcService<SyntheticLlmService>
{
    public static readonly GrpcMethod<GenerateRequest, GenerateEvent> Generate =
        GrpcMethod<GenerateRequest, GenerateEvent>.From(LlmReflection.Descriptor.Services[0], "Generate");

    public static readonly GrpcMethod<ModelsRequest, ModelsReply> Models =
        GrpcMethod<ModelsRequest, ModelsReply>.From(LlmReflection.Descriptor.Services[0], "Models");

    public static void Bind(GrpcServiceBinder<SyntheticLlmService> binder) => binder
        .ServerStreaming(Generate, (service, request, writer, context) => service.GenerateAsync(request, writer, context))
        .Unary(Models, (service, _, _) => Task.FromResult(service.ModelsReply()));

    private async Task GenerateAsync(GenerateRequest request, IServerStreamWriter<GenerateEvent> writer, ServerCallContext context)
    {
        var call = behaviour.Begin(request);
        await using var registration = context.CancellationToken.Register(call.Cancelled);
        await writer.WriteAsync(new GenerateEvent { Started = new GenerateEvent.Types.Started { Model = SyntheticLlmBehaviour.ModelName, PromptTokens = request.Messages.Count } });
        var script = behaviour.Script;
        var tokens = script?.Count ?? behaviour.Tokens;
        for (var i = 0; i < tokens; i++)
        {
            if (i > 0 && behaviour.TokenInterval > TimeSpan.Zero)
            {
                await Task.Delay(behaviour.TokenInterval, context.CancellationToken);
            }

            if (behaviour.AbortAfterTokens == i || behaviour.AbortRequested)
            {
                context.HttpContext.Abort();
                return;
            }

            var text = script is not null ? script[i]
                : behaviour.TimestampTokens ? $" {System.Diagnostics.Stopwatch.GetTimestamp()}"
                : i == 0 ? "w0" : $" w{i}";
            await writer.WriteAsync(new GenerateEvent { Token = new GenerateEvent.Types.Token { Text = text, Index = i } }, context.CancellationToken);
            call.Sent(i + 1);
        }

        await writer.WriteAsync(new GenerateEvent { Completed = new GenerateEvent.Types.Completed { FinishReason = "length", CompletionTokens = tokens } });
        call.Finished();
    }

    private ModelsReply ModelsReply() => new() { Models = { new ModelInfo { Id = SyntheticLlmBehaviour.ModelName, Provider = "synthetic", State = "ready" } } };
}
