using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>
/// What one turn will do: <see cref="Prepare"/> runs its first stages (hearing the audio, storing the message, scoring)
/// and builds the prompt; the pipeline generates from it, speaking in <see cref="SpeakIn"/> when given.
/// </summary>
public sealed record TurnPlan(
    Guid UserId,
    Guid TurnId,
    Conversation? Conversation,
    TurnClock Clock,
    Func<TurnEmitter, CancellationToken, Task<GenerateRequest>> Prepare,
    ReplyVoice? SpeakIn,
    bool Transcribes = false,
    Speculation? Speculation = null);
