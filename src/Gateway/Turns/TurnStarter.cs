using Microsoft.Extensions.Options;
using Platform.Gateway.Conversations;
using Platform.Gateway.Limits;
using Platform.Gateway.Speech;
using Platform.Gateway.Validation;

namespace Platform.Gateway.Turns;

/// <summary>The checks every way of sending a message shares (HTTP, WebSocket), before the runner takes the turn.</summary>
public sealed class TurnStarter(TurnRunner runner, SpeculationStarter speculations, LiveTurns liveTurns, UserLimiter limiter, SpeechClient speech, IOptions<GatewayOptions> options)
{
    /// <summary>A typed turn; <paramref name="receivedAt"/> is the <see cref="System.Diagnostics.Stopwatch"/> timestamp at which the message arrived.</summary>
    /// <paramref name="speakIn"/> asks for the reply to be spoken too.
    public async Task<TurnStart> StartAsync(Guid userId, Conversation conversation, string? content, long receivedAt, CancellationToken cancellationToken, ReplyVoice? speakIn = null)
    {
        if (speakIn is not null && !speech.IsAvailable)
        {
            return Refuse("voice_unavailable", "Spoken replies are not available: this Gateway has no speech services configured.", StatusCodes.Status503ServiceUnavailable);
        }

        var text = content?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            return Refuse("empty_message", "A turn needs some text in 'content'.", StatusCodes.Status400BadRequest);
        }

        if (StorableText.Problem("content", text) is { } unstorable)
        {
            return Refuse("invalid_text", unstorable, StatusCodes.Status400BadRequest);
        }

        if (text.Length > options.Value.MaxMessageChars)
        {
            return Refuse("message_too_long", $"The message has {text.Length} characters; the limit is {options.Value.MaxMessageChars}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (liveTurns.IsRunningIn(conversation.Id))
        {
            return Refuse("turn_in_progress", "Wait for the current reply to finish, or cancel it, before sending the next message.", StatusCodes.Status409Conflict);
        }

        return await WithinLimitAsync(userId, () => runner.StartAsync(userId, conversation, text, receivedAt, speakIn, cancellationToken));
    }

    /// <summary>A spoken turn; its transcript becomes the message.</summary>
    public async Task<TurnStart> StartVoiceAsync(Guid userId, Conversation conversation, SpokenInput input)
    {
        if (!speech.IsAvailable)
        {
            return Refuse("voice_unavailable", "Voice turns are not available: this Gateway has no speech services configured.", StatusCodes.Status503ServiceUnavailable);
        }

        if (input.Audio.Length == 0)
        {
            return Refuse("empty_audio", "The audio is empty.", StatusCodes.Status400BadRequest);
        }

        if (input.Audio.Length > options.Value.MaxAudioBytes)
        {
            return Refuse("audio_too_large", $"The audio has {input.Audio.Length} bytes; the limit is {options.Value.MaxAudioBytes}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (liveTurns.IsRunningIn(conversation.Id))
        {
            return Refuse("turn_in_progress", "Wait for the current reply to finish, or cancel it, before speaking again.", StatusCodes.Status409Conflict);
        }

        return await WithinLimitAsync(userId, () => Task.FromResult(runner.StartVoice(userId, conversation, input)));
    }

    /// <summary>A spoken turn already transcribed while it arrived; the final transcript becomes the message.</summary>
    /// <remarks>A <paramref name="speculation"/> the turn cannot take over (refused, or another prompt) is discarded.</remarks>
    public async Task<TurnStart> StartTranscribedAsync(Guid userId, Conversation conversation, TranscriptionPayload final, ReplyVoice voice, long audioEndedAt, Speculation? speculation, CancellationToken cancellationToken)
    {
        TurnStart started;
        try
        {
            started = await TryStartTranscribedAsync(userId, conversation, final, voice, audioEndedAt, speculation, cancellationToken);
        }
        catch
        {
            speculation?.Discard();
            throw;
        }

        if (started.Turn is null)
        {
            speculation?.Discard();
        }

        return started;
    }

    /// <summary>
    /// Generates a reply to a partial transcript ahead of its turn, unless the turn it would become is sure to be
    /// refused: no text, too long, unstorable, or a reply still running in the conversation (whose stored end the
    /// prompt would miss). It takes no turn slot of the user's: the turn that keeps it takes the one slot.
    /// </summary>
    public Speculation? Speculate(Conversation conversation, string partial)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var text = partial.Trim();
        if (text.Length == 0 || text.Length > options.Value.MaxMessageChars || StorableText.Problem("content", text) is not null || liveTurns.IsRunningIn(conversation.Id))
        {
            return null;
        }

        return speculations.Start(conversation, text);
    }

    private async Task<TurnStart> TryStartTranscribedAsync(Guid userId, Conversation conversation, TranscriptionPayload final, ReplyVoice voice, long audioEndedAt, Speculation? speculation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(final);
        if (final.Text.Length == 0)
        {
            return Refuse("no_speech", "No speech was recognised in the audio.", StatusCodes.Status422UnprocessableEntity);
        }

        if (final.Text.Length > options.Value.MaxMessageChars)
        {
            return Refuse("message_too_long", $"The transcript has {final.Text.Length} characters; the limit is {options.Value.MaxMessageChars}.", StatusCodes.Status413PayloadTooLarge);
        }

        if (liveTurns.IsRunningIn(conversation.Id))
        {
            return Refuse("turn_in_progress", "Wait for the current reply to finish, or cancel it, before speaking again.", StatusCodes.Status409Conflict);
        }

        return await WithinLimitAsync(userId, () => runner.StartTranscribedAsync(userId, conversation, final, voice, audioEndedAt, speculation, cancellationToken));
    }

    /// <summary>Holds one of the user's concurrent-turn slots for as long as the turn runs.</summary>
    private async Task<TurnStart> WithinLimitAsync(Guid userId, Func<Task<LiveTurn>> start)
    {
        var slot = Guid.NewGuid();
        if (!await limiter.TryStartTurnAsync(userId, slot, options.Value.GenerationTimeout + TimeSpan.FromMinutes(1)))
        {
            return Refuse("too_many_turns", "This user already has as many turns running as allowed; wait for one to finish.", StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(1));
        }

        LiveTurn turn;
        try
        {
            turn = await start();
        }
        catch
        {
            await limiter.EndTurnAsync(userId, slot);
            throw;
        }

        _ = turn.Completion.ContinueWith(_ => limiter.EndTurnAsync(userId, slot), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        return new TurnStart(turn, null);
    }

    private static TurnStart Refuse(string code, string message, int status, TimeSpan? retryAfter = null) => new(null, new TurnRefusal(code, message, status, retryAfter));
}
