using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;
using Platform.Gateway.Llm;
using Platform.Gateway.Prompting;
using Platform.Gateway.Realtime;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Gateway.Turns;

/// <summary>
/// Runs turns apart from any client connection: stores the user's message, streams the reply from LlmService
/// into the turn's event stream (in memory for readers here, in Redis for the others), and stores the reply
/// with what was actually produced, whether the turn completes, fails or is cancelled.
/// </summary>
public sealed partial class TurnRunner(
    ConversationStore store,
    LlmClient llm,
    LiveTurns liveTurns,
    TurnEventLog eventLog,
    TurnAnnouncements announcements,
    IOptions<GatewayOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<TurnRunner> logger)
{
    /// <summary>A turn of a stored conversation: the message and reply are stored, and any replica can follow it.</summary>
    public async Task<LiveTurn> StartAsync(Guid userId, Conversation conversation, string content, CancellationToken cancellationToken)
    {
        var turnId = Guid.CreateVersion7();
        var accepted = Stopwatch.GetTimestamp();
        await store.AddUserMessageAsync(conversation.Id, turnId, content, cancellationToken);
        eventLog.Begin(turnId, conversation.Id);
        var turn = Launch(userId, turnId, conversation.Id, accepted, persisted: true, async token =>
        {
            var context = await store.LoadPromptContextAsync(conversation.Id, options.Value.PromptHistoryMessages, token)
                ?? throw new InvalidOperationException($"Conversation {conversation.Id} disappeared during its turn.");
            var request = new GenerateRequest
            {
                Options = new GenerationOptions { MaxTokens = options.Value.MaxReplyTokens },
                Priority = Priority.Interactive,
            };
            request.Messages.AddRange(PromptBuilder.Build(context));
            return request;
        });
        announcements.Announce(conversation.Id, turnId);
        return turn;
    }

    /// <summary>A turn whose messages the caller gives (the stateless /v1 API): nothing is stored and only this replica sees it.</summary>
    public LiveTurn StartStateless(Guid userId, GenerateRequest request) =>
        Launch(userId, Guid.CreateVersion7(), Guid.Empty, Stopwatch.GetTimestamp(), persisted: false, _ => Task.FromResult(request));

    private LiveTurn Launch(Guid userId, Guid turnId, Guid conversationId, long accepted, bool persisted, Func<CancellationToken, Task<GenerateRequest>> prepare)
    {
        var stream = new TurnStream(turnId, conversationId, options.Value.ReaderBufferEvents);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var turn = new LiveTurn(stream, cancellation);
        liveTurns.Add(turn);
        turn.Completion = Task.Run(async () =>
        {
            try
            {
                var outcome = await RunAsync(turn, accepted, persisted, prepare);
                LogAudit(logger, userId, conversationId, turnId, outcome.Status, outcome.Model, outcome.CompletionTokens, outcome.TtftMs, outcome.TotalMs);
            }
            finally
            {
                cancellation.Dispose();
                liveTurns.Finished(turnId);
            }
        }, CancellationToken.None);
        return turn;
    }

    private async Task<TurnOutcome> RunAsync(LiveTurn turn, long accepted, bool persisted, Func<CancellationToken, Task<GenerateRequest>> prepare)
    {
        var stream = turn.Stream;
        using var activity = GatewayTelemetry.Source.StartActivity("turn");
        activity?.SetTag("conversation.id", stream.ConversationId);
        activity?.SetTag("turn.id", stream.TurnId);

        var text = new StringBuilder();
        var model = string.Empty;
        int promptTokens = 0, completionTokens = 0;
        double? ttftMs = null;
        string? finishReason = null;
        string status;
        TurnErrorPayload? error = null;
        try
        {
            var request = await prepare(turn.CancellationToken);
            await foreach (var generated in llm.GenerateAsync(request, options.Value.GenerationTimeout, turn.CancellationToken))
            {
                switch (generated.EventCase)
                {
                    case GenerateEvent.EventOneofCase.Started:
                        model = generated.Started.Model;
                        promptTokens = generated.Started.PromptTokens;
                        Emit(stream, persisted, TurnEvent.Started, new TurnStartedPayload(stream.TurnId, stream.ConversationId, model));
                        break;
                    case GenerateEvent.EventOneofCase.Token:
                        if (ttftMs is null)
                        {
                            ttftMs = Stopwatch.GetElapsedTime(accepted).TotalMilliseconds;
                            GatewayTelemetry.TurnTtft.Record(ttftMs.Value);
                            activity?.SetTag("platform.ttft_ms", ttftMs.Value);
                        }

                        text.Append(generated.Token.Text);
                        Emit(stream, persisted, TurnEvent.Token, seq => new TokenPayload(seq, generated.Token.Text));
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

            status = MessageStatus.Complete;
        }
        catch (Exception ex) when (turn.CancelRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            status = MessageStatus.Cancelled;
        }
        catch (RpcException ex)
        {
            status = MessageStatus.Failed;
            var retryable = ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal or StatusCode.Unknown;
            error = new TurnErrorPayload(CodeOf(ex.StatusCode), $"The language model failed: {ex.Status.Detail}", retryable);
            LogTurnFailed(logger, stream.TurnId, ex.StatusCode.ToString(), ex.Status.Detail);
        }
#pragma warning disable CA1031 // Whatever goes wrong, the client must get an error event and the partial reply must be stored.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            status = MessageStatus.Failed;
            error = new TurnErrorPayload("internal", "The turn failed unexpectedly; try again.", Retryable: true);
            LogTurnCrashed(logger, stream.TurnId, ex);
        }

        var totalMs = Stopwatch.GetElapsedTime(accepted).TotalMilliseconds;
        activity?.SetTag("turn.status", status);
        if (status != MessageStatus.Complete)
        {
            activity?.SetStatus(ActivityStatusCode.Error, status);
        }

        if (persisted)
        {
            await StoreReplyAsync(new AssistantReply(stream.ConversationId, stream.TurnId, text.ToString(), status, model, promptTokens, completionTokens, ttftMs, totalMs));
        }

        if (error is not null)
        {
            Emit(stream, persisted, TurnEvent.Error, error);
        }
        else
        {
            Emit(stream, persisted, TurnEvent.Completed, new TurnCompletedPayload(
                stream.TurnId, text.ToString(), status, new TurnUsage(promptTokens, completionTokens), new TurnTimings(ttftMs, totalMs), finishReason));
        }

        return new TurnOutcome(status, model, completionTokens, ttftMs, totalMs);
    }

    private async Task StoreReplyAsync(AssistantReply reply)
    {
        try
        {
            await store.StoreReplyAsync(reply, CancellationToken.None);
        }
#pragma warning disable CA1031 // A database outage must not leave the stream without its last event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStoreFailed(logger, reply.TurnId, ex);
        }
    }

    private void Emit<T>(TurnStream stream, bool persisted, string type, T payload) => Emit(stream, persisted, type, _ => payload);

    /// <summary>Appends an event for the readers here and, for a persisted turn, to the Redis log for the other replicas.</summary>
    private void Emit<T>(TurnStream stream, bool persisted, string type, Func<long, T> payload)
    {
        var data = JsonSerializer.Serialize(payload(stream.LastSeq + 1), JsonSerializerOptions.Web);
        var appended = stream.Append(type, data);
        if (persisted)
        {
            eventLog.Append(stream.TurnId, appended);
        }
    }

    private static string CodeOf(StatusCode code) => code switch
    {
        StatusCode.Unavailable => "llm_unavailable",
        StatusCode.DeadlineExceeded => "llm_timeout",
        StatusCode.ResourceExhausted => "llm_busy",
        StatusCode.InvalidArgument => "llm_rejected",
        _ => "llm_failed",
    };

    [LoggerMessage(Level = LogLevel.Information, EventName = "TurnAudit",
        Message = "Turn audit: user {UserId} conversation {ConversationId} turn {TurnId} status {Status} model {Model} completion_tokens {CompletionTokens} ttft_ms {TtftMs} total_ms {TotalMs}")]
    private static partial void LogAudit(ILogger logger, Guid userId, Guid conversationId, Guid turnId, string status, string model, int completionTokens, double? ttftMs, double totalMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId} failed: LlmService answered {Status}: {Detail}")]
    private static partial void LogTurnFailed(ILogger logger, Guid turnId, string status, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn {TurnId} failed unexpectedly.")]
    private static partial void LogTurnCrashed(ILogger logger, Guid turnId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reply of turn {TurnId} could not be stored.")]
    private static partial void LogStoreFailed(ILogger logger, Guid turnId, Exception exception);
}
