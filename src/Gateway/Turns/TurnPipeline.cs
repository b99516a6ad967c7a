using Grpc.Core;
using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>
/// One turn's stages in order: its plan's first stages (voice input, the stored message, scoring), generation, the
/// spoken reply, and persistence of what was actually produced, whether the turn completes, fails or is cancelled.
/// Its last event is always completed or error.
/// </summary>
public sealed partial class TurnPipeline(ReplyGeneration generation, SpokenReplies spokenReplies, TurnStorage storage, ILogger<TurnPipeline> logger)
{
    public async Task RunAsync(LiveTurn turn, TurnPlan plan, TurnEmitter emitter)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(plan);
        var stream = turn.Stream;
        var voice = plan.SpeakIn is not null;
        using var activity = GatewayTelemetry.StartTurn(stream.TurnId, stream.ConversationId, voice);
        var reply = new GeneratedReply();
        var stage = plan.Transcribes ? "stt" : "llm";
        TurnErrorPayload? error = null;
        SpokenReply? spoken = null;
        string status;
        try
        {
            var request = await plan.Prepare(emitter, turn.CancellationToken);
            stage = "llm";
            spoken = plan.SpeakIn is { } speakIn ? spokenReplies.Start(emitter, plan.Clock, speakIn, activity, turn.CancellationToken) : null;
            await generation.GenerateAsync(plan, request, reply, emitter, spoken, activity, turn.CancellationToken);
            if (spoken is not null)
            {
                stage = "tts";
                await spoken.CompleteAsync();
            }

            status = MessageStatus.Complete;
        }
        catch (Exception ex) when (turn.CancelRequested)
        {
            // Once the person stopped the turn, whatever a stage threw on its way out (a stream reset, a call torn down
            // mid-write) is how it stopped, not a failure to report: the turn was cancelled.
            status = MessageStatus.Cancelled;
            if (ex is not (OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled }))
            {
                LogCancelledWith(logger, stream.TurnId, stage, ex.GetType().Name);
            }
        }
        catch (TurnFailedException ex)
        {
            status = MessageStatus.Failed;
            error = new TurnErrorPayload(ex.Code, ex.Message, ex.Retryable);
        }
        catch (RpcException ex)
        {
            status = MessageStatus.Failed;
            error = TurnErrors.Of(stage, ex);
            LogTurnFailed(logger, stream.TurnId, stage, ex.StatusCode.ToString(), ex.Status.Detail);
        }
#pragma warning disable CA1031 // Whatever goes wrong, the client must get an error event and the partial reply must be stored.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            status = MessageStatus.Failed;
            error = new TurnErrorPayload("internal", "The turn failed unexpectedly; try again.", Retryable: true);
            LogTurnCrashed(logger, stream.TurnId, ex);
        }

        if (status != MessageStatus.Complete && spoken is not null)
        {
            await spoken.AbandonAsync();
        }

        // A turn that ended before it could take its speculation over leaves nothing generating behind it.
        plan.Speculation?.Discard();
        await FinishAsync(plan, stage, status, reply, error, emitter, activity);
    }

    /// <summary>Stores what was produced (or withdraws a message the model refused), then emits the turn's last event.</summary>
    private async Task FinishAsync(TurnPlan plan, string stage, string status, GeneratedReply reply, TurnErrorPayload? error, TurnEmitter emitter, System.Diagnostics.Activity? activity)
    {
        var clock = plan.Clock;
        var stream = emitter.Stream;
        var totalMs = clock.ElapsedMs;
        GatewayTelemetry.Finished(activity, status, totalMs, plan.SpeakIn is not null);
        var text = reply.Text.ToString();
        if (plan.Conversation is not null && error?.Code == TurnErrorPayload.ContextLengthExceeded)
        {
            await storage.WithdrawMessageAsync(stream.TurnId);
        }
        else if (plan.Conversation is not null && stage != "stt")
        {
            await storage.StoreReplyAsync(new AssistantReply(stream.ConversationId, stream.TurnId, text, status, reply.Model, reply.PromptTokens, reply.CompletionTokens, clock.TtftMs, totalMs));
        }

        if (error is not null)
        {
            emitter.Emit(TurnEventKind.Error, error);
        }
        else
        {
            emitter.Emit(TurnEventKind.Completed, new TurnCompletedPayload(
                stream.TurnId, text, status, new TurnUsage(reply.PromptTokens, reply.CompletionTokens, reply.DroppedMessages),
                new TurnTimings(clock.TtftMs, totalMs, clock.SttMs, clock.FirstAudioMs), reply.FinishReason));
        }

        LogAudit(logger, plan.UserId, stream.ConversationId, stream.TurnId, status, reply.Model, reply.CompletionTokens, clock.TtftMs, totalMs);
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "TurnAudit",
        Message = "Turn audit: user {UserId} conversation {ConversationId} turn {TurnId} status {Status} model {Model} completion_tokens {CompletionTokens} ttft_ms {TtftMs} total_ms {TotalMs}")]
    private static partial void LogAudit(ILogger logger, Guid userId, Guid conversationId, Guid turnId, string status, string model, int completionTokens, double? ttftMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} failed at {Stage}: the service answered {Status}: {Detail}")]
    private static partial void LogTurnFailed(ILogger logger, Guid turnId, string stage, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Turn {TurnId} was cancelled while at {Stage}, which stopped with {Error}.")]
    private static partial void LogCancelledWith(ILogger logger, Guid turnId, string stage, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed unexpectedly.")]
    private static partial void LogTurnCrashed(ILogger logger, Guid turnId, Exception exception);
}
