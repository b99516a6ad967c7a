using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Starts the turns of one socket's user in its conversation, typed or spoken, and names each new turn to the client
/// at once (its events follow), or says why none started.
/// </summary>
public sealed class SocketTurnStarter(Guid userId, Conversation conversation, TurnStarter starter, ConversationFollower follower, SocketWriter writer)
{
    /// <summary>The language a spoken message is heard and answered in when it names none.</summary>
    public string Language => conversation.Language;

    public async Task StartTypedAsync(ClientFrame frame, long receivedAt, CancellationToken cancellationToken)
    {
        var spoken = frame.Speak == true ? new ReplyVoice(frame.Language ?? conversation.Language, frame.Voice ?? string.Empty) : null;
        Accept(await starter.StartAsync(userId, conversation, frame.Content, receivedAt, cancellationToken, spoken));
    }

    public Speculation? Speculate(string partial) => starter.Speculate(conversation, partial);

    public async Task StartTranscribedAsync(TranscriptionPayload final, ReplyVoice voice, long audioEndedAt, Speculation? ahead, CancellationToken cancellationToken) =>
        Accept(await starter.StartTranscribedAsync(userId, conversation, final, voice, audioEndedAt, ahead, cancellationToken));

    private void Accept(TurnStart started)
    {
        if (started.Turn is { } turn)
        {
            follower.LatestTurn = turn.Stream.TurnId;
            writer.Write(ServerFrames.Accepted(turn.Stream.TurnId));
        }
        else
        {
            writer.Write(ServerFrames.Error(null, started.Refusal!.Code, started.Refusal.Message, retryable: false));
        }
    }
}
