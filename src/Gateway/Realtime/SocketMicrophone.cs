using Grpc.Core;
using Microsoft.Extensions.Options;
using Platform.Contracts.Stt;
using Platform.Gateway.Limits;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// The microphone of one socket, push-to-talk or hands-free: it checks <c>audio.start</c> and each binary frame against
/// the limits, keeps one <see cref="MicrophoneStream"/> open at a time, and turns what recognition hears into frames
/// (partials, speech started/ended), a speculation on each stable partial, a barge-in, and a turn per final transcript.
/// </summary>
public sealed class SocketMicrophone(SpeechClient speech, UserLimiter limiter, IOptions<GatewayOptions> gatewayOptions, SocketTurnStarter turns, ConversationFollower follower, SocketWriter writer) : IMicrophoneListener
{
    // A client may run ahead of real time by this much (a buffered start), no more.
    private const double MaxSecondsAhead = 5;

    // A microphone's slot of the user's OpenMicrophones is a lease renewed while it is open, so the slot of a replica that
    // died lapses within a minute.
    private static readonly TimeSpan SlotLease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SlotRenewal = TimeSpan.FromSeconds(20);

    private readonly GatewayOptions options = gatewayOptions.Value;

    private MicrophoneStream? microphone;
    private Speculation? speculation;
    private ReplyVoice replyVoice = new(turns.Language);

    public async Task OpenAsync(ClientFrame frame)
    {
        if (microphone is not null)
        {
            writer.Write(ServerFrames.Error(null, "audio_already_started", "The microphone is already open; send audio.end before another audio.start.", retryable: false));
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
            writer.Write(ServerFrames.Error(null, "bad_frame", "audio.start's mode is \"push-to-talk\" (the default) or \"hands-free\".", retryable: false));
            return;
        }

        if (frame.Format is not (null or "pcm16") || frame.SampleRate is not (null or 16_000))
        {
            writer.Write(ServerFrames.Error(null, "unsupported_audio_format", "Microphone audio is PCM16 (\"format\": \"pcm16\"), 16 kHz (\"sampleRate\": 16000), mono.", retryable: false));
            return;
        }

        if (!speech.IsAvailable)
        {
            writer.Write(ServerFrames.Error(null, "voice_unavailable", "Voice turns are not available: this Gateway has no speech services configured.", retryable: false));
            return;
        }

        var slot = Guid.NewGuid();
        if (!await limiter.TryOpenMicrophoneAsync(turns.UserId, slot, SlotLease))
        {
            writer.Write(ServerFrames.Error(null, "too_many_microphones", "This user already has as many microphones open as allowed; end one (audio.end) before opening another.", retryable: true));
            return;
        }

        var language = frame.Language ?? turns.Language;
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
        var opened = new MicrophoneStream(speech, mode.Value, config, allowance, this, writer.Closing);
        microphone = opened;
        _ = HoldSlotAsync(opened, slot);
    }

    public async Task RecordAsync(ReadOnlyMemory<byte> pcm)
    {
        if (microphone is not { } open)
        {
            writer.Write(ServerFrames.Error(null, "bad_frame", "Binary frames carry microphone audio (PCM16, 16 kHz, mono) after audio.start.", retryable: false));
            return;
        }

        if (open.Mode == MicrophoneMode.HandsFree && open.OpenFor > options.MaxHandsFreeSession)
        {
            // Frames that arrive while the closed microphone's last words are recognised are dropped without a word.
            if (!open.Ended)
            {
                writer.Write(ServerFrames.Error(null, "hands_free_session_over", $"A hands-free microphone stays open at most {options.MaxHandsFreeSession:c}; it is closed now, and what was being said is still heard. Send audio.start to open it again.", retryable: true));
                await open.EndAsync();
            }

            return;
        }

        if (pcm.Length == 0 || pcm.Length % 2 != 0)
        {
            writer.Write(ServerFrames.Error(null, "bad_audio_frame", $"An audio frame of {pcm.Length} bytes is not whole PCM16 samples (2 bytes each); it was dropped.", retryable: false));
            return;
        }

        if (open.SecondsAhead(pcm.Length) > MaxSecondsAhead)
        {
            writer.Write(ServerFrames.Error(null, "audio_too_fast", $"Audio is arriving faster than real time (more than {MaxSecondsAhead} s ahead); the frame was dropped.", retryable: true));
            return;
        }

        if (!await open.SendAsync(pcm))
        {
            writer.Write(ServerFrames.Error(null, "audio_too_large", $"A spoken message may hold at most {options.MaxAudioBytes} bytes of audio; it ends here, with what was heard so far.", retryable: false));
            await open.EndAsync();
        }
    }

    public async Task EndAsync()
    {
        if (microphone is not { } open)
        {
            writer.Write(ServerFrames.Error(null, "bad_frame", "audio.end without audio.start.", retryable: false));
            return;
        }

        await open.EndAsync();
    }

    /// <summary>The socket is going: recognition stops, and a reply started ahead for nobody is dropped.</summary>
    public async Task CloseAsync()
    {
        if (microphone is { } open)
        {
            await open.DisposeAsync();
        }

        Interlocked.Exchange(ref speculation, null)?.Discard();
    }

    /// <summary>Renews the microphone's slot until recognition ends, then gives it back.</summary>
    private async Task HoldSlotAsync(MicrophoneStream opened, Guid slot)
    {
        try
        {
            while (await Task.WhenAny(opened.Listening, Task.Delay(SlotRenewal)) != opened.Listening)
            {
                await limiter.RenewMicrophoneAsync(turns.UserId, slot, SlotLease);
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref microphone, null, opened);
            await limiter.CloseMicrophoneAsync(turns.UserId, slot);
        }
    }

    void IMicrophoneListener.Heard(TranscriptionPayload partial) => writer.Write(ServerFrames.Transcription(partial));

    void IMicrophoneListener.Stable(string text)
    {
        if (speculation is { } current && current.Matches(text))
        {
            return;
        }

        Interlocked.Exchange(ref speculation, turns.Speculate(text))?.Discard();
    }

    void IMicrophoneListener.SpeechChanged(bool started, int audioMs)
    {
        writer.Write(ServerFrames.Speech(started, audioMs));
        if (started && microphone?.Mode == MicrophoneMode.HandsFree && follower.RunningTurn() is { } reply)
        {
            // Barge-in: the person speaks over the reply, which stops at once; the page stops playing on the speech frame.
            reply.Cancel();
        }
    }

    async Task IMicrophoneListener.FinalAsync(TranscriptionPayload final, bool cut, long audioEndedAt)
    {
        if (cut)
        {
            writer.Write(ServerFrames.Error(null, "utterance_too_long", $"An utterance may last at most {options.MaxUtteranceSeconds} s; it was cut there, and what was heard is the message.", retryable: false));
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

        if (follower.RunningTurn() is { } interrupted)
        {
            // A hands-free utterance ended while the reply it interrupted was still stopping; a speculation started
            // beside that reply has a prompt without its stored end.
            ahead?.Discard();
            ahead = null;
            interrupted.Cancel();
            await interrupted.Completion.WaitAsync(TimeSpan.FromSeconds(5), writer.Closing).ConfigureAwait(false);
        }

        await turns.StartTranscribedAsync(final, replyVoice, audioEndedAt, ahead, writer.Closing);
    }

    void IMicrophoneListener.Closed(RpcException? failure)
    {
        Interlocked.Exchange(ref speculation, null)?.Discard();
        if (failure is not null)
        {
            var retryable = failure.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded
                or StatusCode.Internal or StatusCode.Unknown or StatusCode.Aborted;
            var code = failure.StatusCode switch
            {
                StatusCode.InvalidArgument => "stt_rejected",
                StatusCode.ResourceExhausted => "stt_busy",
                StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown => "stt_unavailable",
                _ => "stt_failed",
            };
            writer.Write(ServerFrames.Error(null, code, $"Speech recognition failed: {failure.Status.Detail}", retryable));
        }
    }
}
