using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Platform.Contracts.Stt;
using Platform.Gateway.Conversations;
using Platform.Gateway.Errors;
using Platform.Gateway.Jobs;
using Platform.Gateway.Limits;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

/// <summary>
/// One WebSocket on a conversation. It sends messages and cancels, and it follows every turn of the conversation,
/// whichever connection or replica started it. A malformed frame gets an error frame and the socket stays open.
/// Microphone audio goes to recognition as it arrives (<see cref="MicrophoneStream"/>); each final transcript is a turn.
/// </summary>
public sealed partial class ConversationSocket(
    Guid userId,
    WebSocket socket,
    Conversation conversation,
    TurnStarter starter,
    TurnEventReader reader,
    TurnEventLog eventLog,
    LiveTurns liveTurns,
    TurnAnnouncements announcements,
    JobAnnouncements jobResults,
    UserLimiter limiter,
    SpeechClient speech,
    SpokenTimelines timelines,
    ConversationStore store,
    GatewayOptions options,
    ILogger logger) : IMicrophoneListener
{
    private const int MaxFrameBytes = 64 * 1024;
    private const int OutboxFrames = 4_096;

    // A client may run ahead of real time by this much (a buffered start), no more.
    private const double MaxSecondsAhead = 5;

    private readonly Channel<OutgoingFrame> outbox = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(OutboxFrames) { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, byte> following = new();
    private readonly CancellationTokenSource closing = new();
    // The conversation's latest turn, boxed so that the announcement's thread and the socket's read and write it whole.
    private object? latestTurn;
    private MicrophoneStream? microphone;
    private Speculation? speculation;
    private ReplyVoice replyVoice = new(conversation.Language);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, closing.Token);
        using var tracked = GatewayTelemetry.TrackStream();
        using var listening = announcements.Listen(conversation.Id, turnId =>
        {
            // Announced before any of its events can be sent, so a cancel or barge-in that follows them finds it.
            CurrentTurn = turnId;
            Follow(turnId, 0, linked.Token);
        });
        using var results = jobResults.Listen(conversation.Id, frame => outbox.Writer.TryWrite(new OutgoingFrame(frame)));
        var sending = SendAsync(linked.Token);
        WebSocketCloseStatus? close = null;
        try
        {
            close = await ReceiveAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left or the server is stopping; turns go on without this socket.
        }
        finally
        {
            if (microphone is { } open)
            {
                await open.DisposeAsync();
            }

            Interlocked.Exchange(ref speculation, null)?.Discard();

            outbox.Writer.TryComplete();
            await sending;
            await closing.CancelAsync();
            closing.Dispose();
        }

        if (close is { } status && socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(status, status == WebSocketCloseStatus.MessageTooBig ? "Frame too large" : "Bye", CancellationToken.None);
        }
    }

    /// <summary>Handles frames until the client closes or must be closed; returns how to close.</summary>
    private async Task<WebSocketCloseStatus?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameBytes);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == MaxFrameBytes)
                    {
                        Enqueue(ErrorFrame(null, "frame_too_large", $"Frames are limited to {MaxFrameBytes} bytes.", retryable: false));
                        return WebSocketCloseStatus.MessageTooBig;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length, MaxFrameBytes - length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return WebSocketCloseStatus.NormalClosure;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    await RecordAsync(buffer.AsMemory(0, length));
                    continue;
                }

                try
                {
                    await HandleAsync(Encoding.UTF8.GetString(buffer, 0, length), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not WebSocketException)
                {
                    // One frame that could not be handled must not take the socket, and the turns it follows, with it.
                    LogFrameFailed(logger, conversation.Id, ex);
                    Enqueue(ErrorFrame(null, "internal", "The frame could not be handled; try again.", retryable: true));
                }
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task HandleAsync(string text, CancellationToken cancellationToken)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        ClientFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize<ClientFrame>(text, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            Enqueue(ErrorFrame(null, "bad_frame", JsonProblem.Describe(ex, "frame"), retryable: false));
            return;
        }

        // Each message counts against the user's request rate as a request would, so one socket is no way around it.
        if (frame?.Type is not "ping" && await limiter.CountRequestAsync(userId) is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Enqueue(JsonSerializer.Serialize(new
            {
                type = "error",
                turnId = (Guid?)null,
                data = new TurnErrorPayload("rate_limited", $"This user is over its request rate; try again in {seconds} s. The frame was not handled.", Retryable: true),
                retryAfter = seconds,
            }, JsonSerializerOptions.Web));
            return;
        }

        switch (frame?.Type)
        {
            case "ping":
                Enqueue("{\"type\":\"pong\"}");
                break;
            case "message":
                var spoken = frame.Speak == true ? new ReplyVoice(frame.Language ?? conversation.Language, frame.Voice ?? string.Empty) : null;
                var started = await starter.StartAsync(userId, conversation, frame.Content, receivedAt, cancellationToken, spoken);
                Accept(started);
                break;
            case "cancel":
                await CancelAsync(frame.TurnId ?? CurrentTurn);
                break;
            case "audio.start":
                OpenMicrophone(frame);
                break;
            case "audio.end":
                await EndRecordingAsync();
                break;
            case "played":
                await KeepHeardAsync(frame.TurnId ?? CurrentTurn, frame.AudioMs, cancellationToken);
                break;
            case "resume" when frame.TurnId is { } turnId:
                following.TryRemove(turnId, out _);
                Follow(turnId, frame.LastSeq ?? 0, cancellationToken);
                break;
            default:
                Enqueue(ErrorFrame(null, "bad_frame", "Expected {\"type\": \"message\" | \"cancel\" | \"ping\" | \"resume\" | \"audio.start\" | \"audio.end\", ...}.", retryable: false));
                break;
        }
    }

    private void OpenMicrophone(ClientFrame frame)
    {
        if (microphone is not null)
        {
            Enqueue(ErrorFrame(null, "audio_already_started", "The microphone is already open; send audio.end before another audio.start.", retryable: false));
            return;
        }

        MicrophoneMode? mode = frame.Mode switch
        {
            null or "push-to-talk" => MicrophoneMode.PushToTalk,
            "hands-free" => MicrophoneMode.HandsFree,
            _ => null,
        };
        if (mode is null)
        {
            Enqueue(ErrorFrame(null, "bad_frame", "audio.start's mode is \"push-to-talk\" (the default) or \"hands-free\".", retryable: false));
            return;
        }

        if (frame.Format is not (null or "pcm16") || frame.SampleRate is not (null or 16_000))
        {
            Enqueue(ErrorFrame(null, "unsupported_audio_format", "Microphone audio is PCM16 (\"format\": \"pcm16\"), 16 kHz (\"sampleRate\": 16000), mono.", retryable: false));
            return;
        }

        if (!speech.IsAvailable)
        {
            Enqueue(ErrorFrame(null, "voice_unavailable", "Voice turns are not available: this Gateway has no speech services configured.", retryable: false));
            return;
        }

        var language = frame.Language ?? conversation.Language;
        replyVoice = new ReplyVoice(language, frame.Voice ?? string.Empty);
        var config = new StreamConfig
        {
            Format = AudioFormat.Pcm1616K,
            Language = language,
            Endpointing = new Endpointing
            {
                Mode = mode == MicrophoneMode.HandsFree ? EndpointMode.Continuous : EndpointMode.Manual,
                MaxUtteranceMs = options.MaxUtteranceSeconds * 1000,
                StablePartialMs = options.SpeculationStableMilliseconds,
            },
        };
        var allowance = mode == MicrophoneMode.HandsFree ? long.MaxValue : options.MaxAudioBytes;
        var opened = new MicrophoneStream(speech, mode.Value, config, allowance, this, closing.Token);
        microphone = opened;
        _ = opened.Listening.ContinueWith(_ => Interlocked.CompareExchange(ref microphone, null, opened), TaskScheduler.Default);
    }

    private async Task RecordAsync(ReadOnlyMemory<byte> pcm)
    {
        if (microphone is not { } open)
        {
            Enqueue(ErrorFrame(null, "bad_frame", "Binary frames carry microphone audio (PCM16, 16 kHz, mono) after audio.start.", retryable: false));
            return;
        }

        if (open.Mode == MicrophoneMode.HandsFree && open.OpenFor > options.MaxHandsFreeSession)
        {
            // Frames that arrive while the closed microphone's last words are recognised are dropped without a word.
            if (!open.Ended)
            {
                Enqueue(ErrorFrame(null, "hands_free_session_over", $"A hands-free microphone stays open at most {options.MaxHandsFreeSession:c}; it is closed now, and what was being said is still heard. Send audio.start to open it again.", retryable: true));
                await open.EndAsync();
            }

            return;
        }

        if (pcm.Length == 0 || pcm.Length % 2 != 0)
        {
            Enqueue(ErrorFrame(null, "bad_audio_frame", $"An audio frame of {pcm.Length} bytes is not whole PCM16 samples (2 bytes each); it was dropped.", retryable: false));
            return;
        }

        if (open.SecondsAhead(pcm.Length) > MaxSecondsAhead)
        {
            Enqueue(ErrorFrame(null, "audio_too_fast", $"Audio is arriving faster than real time (more than {MaxSecondsAhead} s ahead); the frame was dropped.", retryable: true));
            return;
        }

        if (!await open.SendAsync(pcm))
        {
            Enqueue(ErrorFrame(null, "audio_too_large", $"A spoken message may hold at most {options.MaxAudioBytes} bytes of audio; it ends here, with what was heard so far.", retryable: false));
            await open.EndAsync();
        }
    }

    private async Task EndRecordingAsync()
    {
        if (microphone is not { } open)
        {
            Enqueue(ErrorFrame(null, "bad_frame", "audio.end without audio.start.", retryable: false));
            return;
        }

        await open.EndAsync();
    }

    void IMicrophoneListener.Heard(TranscriptionPayload partial) =>
        Enqueue(JsonSerializer.Serialize(new { type = "transcription", turnId = (Guid?)null, data = partial }, JsonSerializerOptions.Web));

    void IMicrophoneListener.Stable(string text)
    {
        if (speculation is { } current && current.Matches(text))
        {
            return;
        }

        Interlocked.Exchange(ref speculation, starter.Speculate(conversation, text))?.Discard();
    }

    void IMicrophoneListener.SpeechChanged(bool started, int audioMs)
    {
        Enqueue(JsonSerializer.Serialize(new { type = "speech", data = new { @event = started ? "started" : "ended", audioMs } }, JsonSerializerOptions.Web));
        if (started && microphone?.Mode == MicrophoneMode.HandsFree && RunningTurn() is { } reply)
        {
            // Barge-in: the person speaks over the reply, which stops at once; the page stops playing on the speech frame.
            reply.Cancel();
        }
    }

    private Guid? CurrentTurn
    {
        get => (Guid?)Volatile.Read(ref latestTurn);
        set => Volatile.Write(ref latestTurn, value);
    }

    private LiveTurn? RunningTurn() => CurrentTurn is { } id && liveTurns.Find(id) is { Stream.IsFinished: false } turn ? turn : null;

    async Task IMicrophoneListener.FinalAsync(TranscriptionPayload final, bool cut, long audioEndedAt)
    {
        if (cut)
        {
            Enqueue(ErrorFrame(null, "utterance_too_long", $"An utterance may last at most {options.MaxUtteranceSeconds} s; it was cut there, and what was heard is the message.", retryable: false));
        }

        var ahead = Interlocked.Exchange(ref speculation, null);
        if (ahead is not null && !ahead.Matches(final.Text))
        {
            ahead.Discard();
            ahead = null;
        }

        if (final.Text.Length == 0 && microphone?.Mode == MicrophoneMode.HandsFree)
        {
            // The hands-free microphone closed with nothing new said; that is no turn and no mistake.
            ahead?.Discard();
            return;
        }

        if (RunningTurn() is { } interrupted)
        {
            // A hands-free utterance ended while the reply it interrupted was still stopping; a speculation started
            // beside that reply has a prompt without its stored end.
            ahead?.Discard();
            ahead = null;
            interrupted.Cancel();
            await interrupted.Completion.WaitAsync(TimeSpan.FromSeconds(5), closing.Token).ConfigureAwait(false);
        }

        Accept(await starter.StartTranscribedAsync(userId, conversation, final, replyVoice, audioEndedAt, ahead, closing.Token));
    }

    void IMicrophoneListener.Closed(Grpc.Core.RpcException? failure)
    {
        Interlocked.Exchange(ref speculation, null)?.Discard();
        if (failure is not null)
        {
            var retryable = failure.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.ResourceExhausted or Grpc.Core.StatusCode.DeadlineExceeded
                or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.Unknown or Grpc.Core.StatusCode.Aborted;
            var code = failure.StatusCode switch
            {
                Grpc.Core.StatusCode.InvalidArgument => "stt_rejected",
                Grpc.Core.StatusCode.ResourceExhausted => "stt_busy",
                Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.Unknown => "stt_unavailable",
                _ => "stt_failed",
            };
            Enqueue(ErrorFrame(null, code, $"Speech recognition failed: {failure.Status.Detail}", retryable));
        }
    }

    /// <summary>Names the new turn at once (its events follow), or says why none started.</summary>
    private void Accept(TurnStart started)
    {
        if (started.Turn is { } turn)
        {
            CurrentTurn = turn.Stream.TurnId;
            Enqueue($"{{\"type\":\"accepted\",\"turnId\":\"{turn.Stream.TurnId}\"}}");
        }
        else
        {
            Enqueue(ErrorFrame(null, started.Refusal!.Code, started.Refusal.Message, retryable: false));
        }
    }

    /// <summary>
    /// The client stopped a spoken reply after playing <paramref name="audioMs"/> of it: the stored reply becomes what
    /// was heard, marked interrupted, so the next prompt carries only that.
    /// </summary>
    private async Task KeepHeardAsync(Guid? turnId, double? audioMs, CancellationToken cancellationToken)
    {
        if (turnId is not { } id || audioMs is not { } played || played is < 0 or > 3_600_000)
        {
            Enqueue(ErrorFrame(turnId, "bad_frame", "played needs the turnId of a spoken reply and audioMs, how much of its audio was played (0 to 3,600,000).", retryable: false));
            return;
        }

        if (await reader.FindConversationAsync(id) != conversation.Id)
        {
            Enqueue(ErrorFrame(id, "turn_not_found", $"There is no turn {id} in this conversation.", retryable: false));
            return;
        }

        if (timelines.Find(id) is not { } timeline)
        {
            Enqueue(ErrorFrame(id, "played_unknown", "This replica did not speak that reply, or it was spoken too long ago to truncate.", retryable: false));
            return;
        }

        if (liveTurns.Find(id) is { } running)
        {
            // The reply is stored when its turn ends, which a barge-in's cancel brings about within moments.
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        var reply = await store.FindReplyAsync(id, cancellationToken);
        var heard = SpokenTimeline.Heard(timeline.Sentences, played, reply?.Content ?? string.Empty);
        if (heard is not null)
        {
            await store.KeepHeardReplyAsync(id, heard, cancellationToken);
        }

        Enqueue(JsonSerializer.Serialize(new { type = "truncated", turnId = id, data = new { text = heard, audioMs = played, interrupted = heard is not null } }, JsonSerializerOptions.Web));
    }

    private async Task CancelAsync(Guid? turnId)
    {
        if (turnId is not { } id)
        {
            Enqueue(ErrorFrame(null, "bad_frame", "There is no turn to cancel.", retryable: false));
            return;
        }

        if (await reader.FindConversationAsync(id) != conversation.Id)
        {
            Enqueue(ErrorFrame(id, "turn_not_found", $"There is no turn {id} in this conversation.", retryable: false));
            return;
        }

        if (!liveTurns.TryCancel(id) && !await eventLog.PublishCancelAsync(id))
        {
            Enqueue(ErrorFrame(id, "cancel_undeliverable", "The turn runs on another replica and Redis is unavailable.", retryable: true));
        }
    }

    private void Follow(Guid turnId, long afterSeq, CancellationToken cancellationToken)
    {
        if (!following.TryAdd(turnId, 0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (await reader.OpenAsync(turnId, afterSeq, cancellationToken) is not { } opened || opened.ConversationId != conversation.Id)
                {
                    Enqueue(ErrorFrame(turnId, "turn_not_found", $"There is no turn {turnId} in this conversation, or its events have expired.", retryable: false));
                    return;
                }

                await foreach (var turnEvent in opened.Events)
                {
                    Enqueue(Frame(turnId, turnEvent));
                }
            }
            catch (ReaderLaggedException lagged)
            {
                Enqueue(ErrorFrame(turnId, "reader_lagged", lagged.Message, retryable: true));
            }
            catch (OperationCanceledException)
            {
                // The socket closed.
            }
        }, CancellationToken.None);
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame.Text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                if (frame.Audio is { } pcm)
                {
                    await socket.SendAsync(pcm, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client left; nothing more can be sent.
        }
    }

    private void Enqueue(string frame) => Enqueue(new OutgoingFrame(frame));

    private void Enqueue(OutgoingFrame frame)
    {
        if (!outbox.Writer.TryWrite(frame))
        {
            LogTooSlow(logger, conversation.Id);
            closing.Cancel();
        }
    }

    private static OutgoingFrame Frame(Guid turnId, TurnEvent turnEvent)
    {
        var type = turnEvent.Type switch
        {
            TurnEvent.Started => "start",
            TurnEvent.Token => "chunk",
            TurnEvent.Completed => "complete",
            _ => turnEvent.Type,
        };
        if (turnEvent.Type == TurnEvent.Audio)
        {
            // Audio travels as its JSON header without the base64, then the PCM itself as the next (binary) frame.
            var header = JsonNode.Parse(turnEvent.Data)!.AsObject();
            var pcm = Convert.FromBase64String(header["data"]!.GetValue<string>());
            header.Remove("data");
            header["bytes"] = pcm.Length;
            return new OutgoingFrame($"{{\"type\":\"audio\",\"turnId\":\"{turnId}\",\"seq\":{turnEvent.Seq},\"data\":{header.ToJsonString()}}}", pcm);
        }

        return new OutgoingFrame($"{{\"type\":\"{type}\",\"turnId\":\"{turnId}\",\"seq\":{turnEvent.Seq},\"data\":{turnEvent.Data}}}");
    }

    private static string ErrorFrame(Guid? turnId, string code, string message, bool retryable) =>
        JsonSerializer.Serialize(new { type = "error", turnId, data = new TurnErrorPayload(code, message, retryable) }, JsonSerializerOptions.Web);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A WebSocket on conversation {ConversationId} fell too far behind and was closed; it can reconnect and resume.")]
    private static partial void LogTooSlow(ILogger logger, Guid conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A WebSocket frame on conversation {ConversationId} could not be handled; the socket stays open.")]
    private static partial void LogFrameFailed(ILogger logger, Guid conversationId, Exception exception);

    private sealed record ClientFrame(string? Type, string? Content, Guid? TurnId, long? LastSeq, string? Language, string? Voice, string? Mode, string? Format, int? SampleRate, bool? Speak, double? AudioMs);
}
