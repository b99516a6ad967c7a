using Platform.Contracts.Llm;
using Platform.LlmService.Context;
using Platform.LlmService.Providers;
using Grpc.Core;
using Platform.ServiceDefaults.Readiness;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Generation;

/// <summary>
/// The Llm service of <c>llm.proto</c>. Generate streams Started, one Token per piece of text as the provider yields
/// it (each flushed at once), then Completed; a caller that cancels or passes its deadline stops the provider's work.
/// The prompt is first fitted to the model's context (<see cref="ContextWindow"/>).
/// </summary>
public sealed class LlmGrpcService(Generator generator, ILlmProvider provider, ServiceReadiness readiness)
    : Llm.LlmBase
{
    public override Task Generate(GenerateRequest request, IServerStreamWriter<GenerateEvent> writer, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return generator.RunAsync(request, writer, context.Span, context.CancellationToken, context.GetHttpContext().RequestAborted);
    }

    public override Task<ModelsReply> Models(ModelsRequest request, ServerCallContext context)
    {
        var state = readiness.Current;
        var info = new ModelInfo
        {
            Id = provider.Model,
            Provider = provider.Name,
            State = state.Phase switch
            {
                ReadinessPhase.Loading => "loading",
                ReadinessPhase.WarmingUp => "warming_up",
                ReadinessPhase.Ready => "ready",
                _ => "failed",
            },
            LoadMs = state.Load?.TotalMilliseconds ?? 0,
            WarmupMs = state.WarmUp?.TotalMilliseconds ?? 0,
            Description = state.Phase == ReadinessPhase.Failed ? $"{provider.Description}; failed: {state.Failure}" : provider.Description,
        };
        return Task.FromResult(new ModelsReply { Models = { info } });
    }
}
