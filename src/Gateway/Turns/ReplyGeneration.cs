using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Gateway.Llm;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>
/// The generation stage: streams the reply from LlmService (or from the speculation the turn takes over) into the
/// turn's events and, for a spoken turn, into its spoken reply.
/// </summary>
public sealed class ReplyGeneration(LlmClient llm, IOptions<GatewayOptions> options)
{
    public async Task GenerateAsync(TurnPlan plan, GenerateRequest request, GeneratedReply reply, TurnEmitter emitter, SpokenReply? spoken, Activity? activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(emitter);
        var generation = plan.Speculation is { } ahead ? await ahead.AdoptAsync(request, cancellationToken) : null;
        if (plan.Speculation is { } speculation)
        {
            GatewayTelemetry.SpeculationOutcome(activity, kept: generation is not null, speculation.Trace);
        }

        generation ??= llm.GenerateAsync(request, options.Value.GenerationTimeout, cancellationToken);
        await foreach (var generated in generation)
        {
            switch (generated.EventCase)
            {
                case GenerateEvent.EventOneofCase.Started:
                    reply.Model = generated.Started.Model;
                    reply.PromptTokens = generated.Started.PromptTokens;
                    reply.DroppedMessages = generated.Started.DroppedMessages;
                    emitter.Emit(TurnEventKind.Started, new TurnStartedPayload(emitter.Stream.TurnId, emitter.Stream.ConversationId, reply.Model, reply.DroppedMessages, generated.Started.CachedTokens));
                    break;
                case GenerateEvent.EventOneofCase.Token:
                    if (plan.Clock.FirstToken())
                    {
                        GatewayTelemetry.FirstToken(activity, plan.Clock.TtftMs!.Value, voice: plan.SpeakIn is not null);
                    }

                    reply.Text.Append(generated.Token.Text);
                    emitter.Emit(TurnEventKind.Token, seq => new TokenPayload(seq, generated.Token.Text));
                    spoken?.Add(generated.Token.Text);
                    break;
                case GenerateEvent.EventOneofCase.Completed:
                    reply.CompletionTokens = generated.Completed.CompletionTokens;
                    reply.FinishReason = generated.Completed.FinishReason;
                    if (generated.Completed.PromptTokens > 0)
                    {
                        reply.PromptTokens = generated.Completed.PromptTokens;
                    }

                    break;
            }
        }
    }
}
