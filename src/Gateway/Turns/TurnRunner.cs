using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>
/// The three ways a turn starts: typed, spoken (transcribed first, the transcript becomes the stored message), and
/// spoken with its transcript already final. Each becomes a <see cref="TurnPlan"/> that <see cref="TurnLauncher"/> runs
/// through the pipeline apart from any client connection.
/// </summary>
public sealed class TurnRunner(TurnPrompts prompts, VoiceInput voiceInput, TurnStorage storage, TurnLauncher launcher)
{
    /// <summary>
    /// A typed turn of a stored conversation: the message is stored now, and any replica can follow the turn; with
    /// <paramref name="speakIn"/> the reply is spoken as it is written.
    /// </summary>
    public async Task<LiveTurn> StartAsync(Guid userId, Conversation conversation, string content, long receivedAt, ReplyVoice? speakIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var turnId = Guid.CreateVersion7();
        await storage.AddUserMessageAsync(conversation.Id, turnId, content, cancellationToken);
        return launcher.Launch(new TurnPlan(userId, turnId, conversation, new TurnClock(receivedAt),
            (emitter, token) => prompts.ForStoredMessageAsync(emitter, conversation, turnId, content, token), speakIn));
    }

    /// <summary>A spoken turn: transcribed first (the transcript becomes the stored message), and the reply is spoken.</summary>
    public LiveTurn StartVoice(Guid userId, Conversation conversation, SpokenInput input)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(input);
        var turnId = Guid.CreateVersion7();
        var clock = new TurnClock();
        return launcher.Launch(new TurnPlan(userId, turnId, conversation, clock, async (emitter, token) =>
        {
            var transcript = await voiceInput.HearAsync(emitter, input, clock, token);
            await storage.AddUserMessageAsync(conversation.Id, turnId, transcript, token);
            return await prompts.ForStoredMessageAsync(emitter, conversation, turnId, transcript, token);
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
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(final);
        var turnId = Guid.CreateVersion7();
        var clock = new TurnClock(audioEndedAt);
        clock.TranscriptFinished();
        await storage.AddUserMessageAsync(conversation.Id, turnId, final.Text, cancellationToken);
        return launcher.Launch(new TurnPlan(userId, turnId, conversation, clock, async (emitter, token) =>
        {
            emitter.Emit(TurnEventKind.Transcription, final);
            return await prompts.ForStoredMessageAsync(emitter, conversation, turnId, final.Text, token);
        }, SpeakIn: voice, Speculation: speculation));
    }
}
