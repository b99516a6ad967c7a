using System.Text;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Contracts.Stt;
using Platform.Gateway.Conversations;
using Platform.Gateway.Jobs;
using Platform.Gateway.Llm;
using Platform.Gateway.Prompting;
using Platform.Gateway.Realtime;
using Platform.Gateway.Speech;
using Grpc.Core;

namespace Platform.Gateway.Turns;

/// <summary>
/// Runs turns apart from any client connection: for a voice turn transcribes the audio first, stores the user's
/// message, streams the reply from LlmService into the turn's events (in memory for readers here, in Redis for the
/// others), speaks it sentence by sentence for a voice turn, and stores the reply with what was actually produced,
/// whether the turn completes, fails or is cancelled.
/// </summary>
public sealed partial class TurnRunner(
    ConversationStore store,
    LlmClient llm,
    SpeechClient speech,
    SpokenTimelines timelines,
    LiveTurns liveTurns,
    TurnEventLog eventLog,
    TurnAnnouncements announcements,
    JobScheduler jobs,
    ScenarioScoring scoring,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<TurnRunner> logger)
{
    /// <summary>
    /// A typed turn of a stored conversation: the message is stored now, and any replica can follow the turn; with
    /// <paramref name="speakIn"/> the reply is spoken as it is written.
    /// </summary>
    public async Task<LiveTurn> StartAsync(Guid userId, Conversation conversation, string content, long receivedAt, ReplyVoice? speakIn, CancellationToken cancellationToken)
    {
        var turnId = Guid.CreateVersion7();
        var clock = new TurnClock(receivedAt);
        await store.AddUserMessageAsync(conversation.Id, turnId, content, cancellationToken);
        return Launch(new TurnPlan(userId, turnId, conversation, clock, (emitter, token) => ConversationRequestAsync(emitter, conversation, turnId, content, token), SpeakIn: speakIn));
    }

    /// <summary>A spoken turn: transcribed first (the transcript becomes the stored message), and the reply is spoken.</summary>
    public LiveTurn StartVoice(Guid userId, Conversation conversation, SpokenInput input)
    {
        var turnId = Guid.CreateVersion7();
        var clock = new TurnClock();
        return Launch(new TurnPlan(userId, turnId, conversation, clock, async (emitter, token) =>
        {
            var transcript = string.Empty;
            await foreach (var heard in StreamedTranscription.TranscribeAsync(speech, input, token))
            {
                if (heard.Speech != SpeechEvent.None)
                {
                    continue;
                }

                if (heard.IsFinal)
                {
                    transcript = heard.Text.Trim();
                }

                // An empty final transcript ends in no_speech instead, as the turn's first event, so an HTTP answer can still be a 422.
                if (!heard.IsFinal || transcript.Length > 0)
                {
                    emitter.Emit(TurnEvent.Transcription, new TranscriptionPayload(heard.Text, heard.IsFinal, heard.AudioMs, heard.DecodeMs));
                }
            }

            clock.TranscriptFinished();
            if (transcript.Length == 0)
            {
                throw new TurnFailedException("no_speech", "No speech was recognised in the audio.", retryable: false);
            }

            await store.AddUserMessageAsync(conversation.Id, turnId, transcript, token);
            return await ConversationRequestAsync(emitter, conversation, turnId, transcript, token);
        }, SpeakIn: input.Reply, Transcribes: true));
    }

    /// <summary>
    /// A spoken turn whose audio was transcribed while it arrived (the WebSocket's microphone): its final transcript
    /// is the turn's first event and the stored message, and the reply is spoken. <paramref name="audioEndedAt"/> is when
    /// the audio was complete, from which the turn's times count.
    /// </summary>
    /// <remarks>
    /// A <paramref name="speculation"/> started on the same words becomes the turn's generation when the prompt the turn
    /// builds is the one it generated on; otherwise it is discarded and the turn calls LlmService itself.
    /// </remarks>
    public async Task<LiveTurn> StartTranscribedAsync(Guid userId, Conversation conversation, TranscriptionPayload final, ReplyVoice voice, long audioEndedAt, Speculation? speculation, CancellationToken cancellationToken)
    {
        var turnId = Guid.CreateVersion7();
        var clock = new TurnClock(audioEndedAt);
        clock.TranscriptFinished();
        await store.AddUserMessageAsync(conversation.Id, turnId, final.Text, cancellationToken);
        return Launch(new TurnPlan(userId, turnId, conversation, clock, async (emitter, token) =>
        {
            emitter.Emit(TurnEvent.Transcription, final);
            return await ConversationRequestAsync(emitter, conversation, turnId, final.Text, token);
        }, SpeakIn: voice, Speculation: speculation));
    }

    /// <summary>
    /// Starts generating a reply to <paramref name="message"/>, not yet stored, with the prompt its turn will build once
    /// it is: nothing is stored, scored or emitted.
    /// </summary>
    public Speculation Speculate(Conversation conversation, string message) =>
        Speculation.Start(message, token => SpeculativeRequestAsync(conversation, message, token), llm, options.Value.GenerationTimeout, lifetime.ApplicationStopping);

    private async Task<GenerateRequest> SpeculativeRequestAsync(Conversation conversation, string message, CancellationToken cancellationToken)
    {
        var window = options.Value.PromptHistoryMessages;
        var context = await store.LoadPromptContextAsync(conversation, window, cancellationToken);
        var unstored = new StoredMessage(Guid.Empty, null, "user", message, MessageStatus.Complete, null, null, null, null, null, DateTimeOffset.UtcNow);
        var recent = context.RecentMessages.Skip(context.RecentMessages.Count >= window ? 1 : 0).Append(unstored).ToList();
        return RequestOf(context with { RecentMessages = recent, MessagesSinceSummary = context.MessagesSinceSummary + 1 });
    }

    /// <summary>A scenario turn's score is its first event (after the transcript of a voice turn), before anything is generated.</summary>
    private async Task<GenerateRequest> ConversationRequestAsync(TurnEmitter emitter, Conversation conversation, Guid turnId, string message, CancellationToken cancellationToken)
    {
        if (await scoring.ScoreAsync(conversation, turnId, message, cancellationToken) is { } metadata)
        {
            emitter.Emit(TurnEvent.Metadata, metadata);
        }

        return RequestOf(await store.LoadPromptContextAsync(conversation, options.Value.PromptHistoryMessages, cancellationToken));
    }

    private GenerateRequest RequestOf(PromptContext context)
    {
        var request = new GenerateRequest
        {
            Options = new GenerationOptions { MaxTokens = options.Value.MaxReplyTokens },
            Priority = Priority.Interactive,
            CacheKey = context.Conversation.Id.ToString(),
        };
        request.Messages.AddRange(PromptBuilder.Build(context));
        return request;
    }

    private LiveTurn Launch(TurnPlan plan)
    {
        var conversationId = plan.Conversation?.Id ?? Guid.Empty;
        var stream = new TurnStream(plan.TurnId, conversationId, options.Value.ReaderBufferEvents);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var turn = new LiveTurn(stream, cancellation);
        liveTurns.Add(turn);
        if (plan.Conversation is not null)
        {
            eventLog.Begin(plan.TurnId, conversationId);
        }

        turn.Completion = Task.Run(async () =>
        {
            using var lease = plan.Conversation is null ? null : new TurnLease(eventLog, plan.TurnId, options.Value.TurnLease);
            try
            {
                var outcome = await RunAsync(turn, plan);
                LogAudit(logger, plan.UserId, conversationId, plan.TurnId, outcome.Status, outcome.Model, outcome.CompletionTokens, outcome.TtftMs, outcome.TotalMs);
            }
            finally
            {
                cancellation.Dispose();
                liveTurns.Finished(plan.TurnId);
            }
        }, CancellationToken.None);

        if (plan.Conversation is not null)
        {
            announcements.Announce(conversationId, plan.TurnId);
        }

        return turn;
    }

    private async Task<TurnOutcome> RunAsync(LiveTurn turn, TurnPlan plan)
    {
        var stream = turn.Stream;
        var stored = plan.Conversation is not null;
        var emitter = new TurnEmitter(stream, stored ? eventLog : null);
        var clock = plan.Clock;
        var voice = plan.SpeakIn is not null;
        using var activity = GatewayTelemetry.StartTurn(stream.TurnId, stream.ConversationId, voice);

        var text = new StringBuilder();
        var model = string.Empty;
        int promptTokens = 0, completionTokens = 0, droppedMessages = 0;
        string? finishReason = null;
        string status;
        TurnErrorPayload? error = null;
        var stage = plan.Transcribes ? "stt" : "llm";
        SpokenReply? spoken = null;
        try
        {
            var request = await plan.Prepare(emitter, turn.CancellationToken);
            stage = "llm";
            spoken = plan.SpeakIn is { } input ? new SpokenReply(speech, emitter, clock, input, timelines.Start(stream.TurnId), activity, turn.CancellationToken) : null;
            var generation = plan.Speculation is { } ahead ? await ahead.AdoptAsync(request, turn.CancellationToken) : null;
            if (plan.Speculation is not null)
            {
                GatewayTelemetry.SpeculationOutcome(activity, kept: generation is not null);
            }

            generation ??= llm.GenerateAsync(request, options.Value.GenerationTimeout, turn.CancellationToken);
            await foreach (var generated in generation)
            {
                switch (generated.EventCase)
                {
                    case GenerateEvent.EventOneofCase.Started:
                        model = generated.Started.Model;
                        promptTokens = generated.Started.PromptTokens;
                        droppedMessages = generated.Started.DroppedMessages;
                        emitter.Emit(TurnEvent.Started, new TurnStartedPayload(stream.TurnId, stream.ConversationId, model, droppedMessages, generated.Started.CachedTokens));
                        break;
                    case GenerateEvent.EventOneofCase.Token:
                        if (clock.FirstToken())
                        {
                            GatewayTelemetry.FirstToken(activity, clock.TtftMs!.Value, voice);
                        }

                        text.Append(generated.Token.Text);
                        emitter.Emit(TurnEvent.Token, seq => new TokenPayload(seq, generated.Token.Text));
                        spoken?.Add(generated.Token.Text);
                        break;
                    case GenerateEvent.EventOneofCase.Completed:
                        completionTokens = generated.Completed.CompletionTokens;
                        finishReason = generated.Completed.FinishReason;
                        if (generated.Completed.PromptTokens > 0)
                        {
                            promptTokens = generated.Completed.PromptTokens;
                        }

                        break;
                }
            }

            if (spoken is not null)
            {
                stage = "tts";
                await spoken.CompleteAsync();
            }

            status = MessageStatus.Complete;
        }
        catch (Exception ex) when (turn.CancelRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            status = MessageStatus.Cancelled;
        }
        catch (TurnFailedException ex)
        {
            status = MessageStatus.Failed;
            error = new TurnErrorPayload(ex.Code, ex.Message, ex.Retryable);
        }
        catch (RpcException ex)
        {
            status = MessageStatus.Failed;
            error = ErrorOf(stage, ex);
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

        var totalMs = clock.ElapsedMs;
        GatewayTelemetry.Finished(activity, status, totalMs, voice);

        if (stored && error?.Code == TurnErrorPayload.ContextLengthExceeded)
        {
            await WithdrawMessageAsync(stream.TurnId);
        }
        else if (stored && stage != "stt")
        {
            var reply = new AssistantReply(stream.ConversationId, stream.TurnId, text.ToString(), status, model, promptTokens, completionTokens, clock.TtftMs, totalMs);
            await StoreReplyAsync(reply);
        }

        if (error is not null)
        {
            emitter.Emit(TurnEvent.Error, error);
        }
        else
        {
            emitter.Emit(TurnEvent.Completed, new TurnCompletedPayload(
                stream.TurnId, text.ToString(), status, new TurnUsage(promptTokens, completionTokens, droppedMessages),
                new TurnTimings(clock.TtftMs, totalMs, clock.SttMs, clock.FirstAudioMs), finishReason));
        }

        return new TurnOutcome(status, model, completionTokens, clock.TtftMs, totalMs);
    }

    private async Task StoreReplyAsync(AssistantReply reply)
    {
        try
        {
            var jobsWritten = false;
            await store.StoreReplyAsync(reply, async (connection, transaction) => jobsWritten = await jobs.WriteJobsAsync(reply, connection, transaction), CancellationToken.None);
            if (jobsWritten)
            {
                jobs.Dispatch();
            }
        }
#pragma warning disable CA1031 // A database outage must not leave the stream without its last event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, reply.TurnId, ex);
        }
    }

    /// <summary>A refused message is not kept, so the conversation stays as it was before it.</summary>
    private async Task WithdrawMessageAsync(Guid turnId)
    {
        try
        {
            await store.RemoveUserMessageAsync(turnId, CancellationToken.None);
        }
#pragma warning disable CA1031 // A database outage must not leave the stream without its last event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogWithdrawFailed(logger, turnId, ex);
        }
    }

    private static TurnErrorPayload ErrorOf(string stage, RpcException ex)
    {
        if (stage == "llm" && ex.StatusCode == StatusCode.OutOfRange)
        {
            return new TurnErrorPayload(TurnErrorPayload.ContextLengthExceeded, $"The message does not fit the language model: {ex.Status.Detail}", Retryable: false);
        }

        var service = stage switch { "stt" => "speech recognition", "tts" => "speech synthesis", _ => "the language model" };
        // The turn did not cancel this call, so a Cancelled status means the service aborted it: it is going away.
        var retryable = ex.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
        var code = ex.StatusCode switch
        {
            StatusCode.Unavailable or StatusCode.Cancelled => $"{stage}_unavailable",
            StatusCode.DeadlineExceeded => $"{stage}_timeout",
            StatusCode.ResourceExhausted => $"{stage}_busy",
            StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => $"{stage}_rejected",
            _ => $"{stage}_failed",
        };
        return new TurnErrorPayload(code, $"{char.ToUpperInvariant(service[0])}{service[1..]} failed: {ex.Status.Detail}", retryable);
    }

    [LoggerMessage(Level = LogLevel.Information, EventName = "TurnAudit",
        Message = "Turn audit: user {UserId} conversation {ConversationId} turn {TurnId} status {Status} model {Model} completion_tokens {CompletionTokens} ttft_ms {TtftMs} total_ms {TotalMs}")]
    private static partial void LogAudit(ILogger logger, Guid userId, Guid conversationId, Guid turnId, string status, string model, int completionTokens, double? ttftMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} failed at {Stage}: the service answered {Status}: {Detail}")]
    private static partial void LogTurnFailed(ILogger logger, Guid turnId, string stage, string status, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed unexpectedly.")]
    private static partial void LogTurnCrashed(ILogger logger, Guid turnId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reply of turn {TurnId} could not be stored.")]
    private static partial void LogStoreFailed(ILogger logger, Guid turnId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The refused message of turn {TurnId} could not be removed.")]
    private static partial void LogWithdrawFailed(ILogger logger, Guid turnId, Exception exception);

    private sealed record TurnPlan(
        Guid UserId,
        Guid TurnId,
        Conversation? Conversation,
        TurnClock Clock,
        Func<TurnEmitter, CancellationToken, Task<GenerateRequest>> Prepare,
        ReplyVoice? SpeakIn,
        bool Transcribes = false,
        Speculation? Speculation = null);
}
