using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Starts the turns of one socket's user in its conversation, typed or spoken, names each new turn to the client and
/// follows it, or says why none started.
/// </summary>
public sealed class SocketTurnStarter(Guid userId, Conversation conversation, TurnStarter starter, ConversationFollower follower, SocketWriter writer)
{
    public Guid UserId => userId;

    /// <summary>The language a spoken message is heard and answered in when it names none.</summary>
    public string Language => conversation.Language;

    public async Task StartTypedAsync(ClientFrame frame, long receivedAt, CancellationToken cancellationToken)
    {
        var spoken = frame.Speak == true ? new ReplyVoice(frame.Language ?? conversation.Language, frame.Voice ?? string.Empty) : null;
        await StartAsync(() => starter.StartAsync(userId, conversation, frame.Content, receivedAt, cancellationToken, spoken), cancellationToken);
    }

    public Speculation? Speculate(string partial) => starter.Speculate(conversation, partial);

    public Task StartTranscribedAsync(TranscriptionPayload final, ReplyVoice voice, long audioEndedAt, Speculation? ahead, CancellationToken cancellationToken) =>
        StartAsync(() => starter.StartTranscribedAsync(userId, conversation, final, voice, audioEndedAt, ahead, cancellationToken), cancellationToken);

    /// <summary>Names the new turn to the client, then follows it: its accepted frame comes before its first event.</summary>
    private async Task StartAsync(Func<Task<TurnStart>> start, CancellationToken cancellationToken)
    {
        follower.BeginStart();
        try
        {
            var started = await start();
            if (started.Turn is { } turn)
            {
                writer.Write(ServerFrames.Accepted(turn.Stream.TurnId));
                follower.Follow(turn, cancellationToken);
            }
            else
            {
                writer.Write(ServerFrames.Error(null, started.Refusal!.Code, started.Refusal.Message, retryable: false));
            }
        }
        finally
        {
            follower.EndStart(cancellationToken);
        }
    }
}
