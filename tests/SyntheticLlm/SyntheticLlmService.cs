using Grpc.Core;
using Platform.Contracts.Llm;

namespace Platform.Testing.SyntheticLlm;

/// <summary>
/// A SYNTHETIC token source speaking the real Llm contract: it emits "w0 w1 w2 ..." at a fixed pace, so that tests
/// and benchmarks of the Gateway are not paced by a model. It is never a stand-in for the model in production.
/// </summary>
public sealed class SyntheticLlmService(SyntheticLlmBehaviour behaviour) : Llm.LlmBase
{
    public override async Task Generate(GenerateRequest request, IServerStreamWriter<GenerateEvent> writer, ServerCallContext context)
    {
        var call = behaviour.Begin(request);

        // Not a registration on the token: a handler that resumes inline from its own cancelled await would dispose
        // that registration before its callback ran, and the call would never be seen as cancelled.
        try
        {
            await writer.WriteAsync(new GenerateEvent { Started = new GenerateEvent.Types.Started { Model = SyntheticLlmBehaviour.ModelName, PromptTokens = request.Messages.Count } });
            var script = behaviour.Script;
            var tokens = script?.Count ?? behaviour.Tokens;
            for (var i = 0; i < tokens; i++)
            {
                if (i > 0 && behaviour.TokenInterval > TimeSpan.Zero)
                {
                    await Task.Delay(behaviour.TokenInterval, context.CancellationToken);
                }

                if (behaviour.HoldAfterTokens == i)
                {
                    await call.Released.WaitAsync(context.CancellationToken);
                }

                if (behaviour.AbortAfterTokens == i || behaviour.AbortRequested)
                {
                    context.GetHttpContext().Abort();
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
        finally
        {
            if (context.CancellationToken.IsCancellationRequested)
            {
                call.Cancelled();
            }
        }
    }

    public override Task<ModelsReply> Models(ModelsRequest request, ServerCallContext context) => Task.FromResult(ModelsReply());

    private ModelsReply ModelsReply() => new() { Models = { new ModelInfo { Id = SyntheticLlmBehaviour.ModelName, Provider = "synthetic", State = "ready" } } };
}
