using System.Collections.Concurrent;
using Platform.Gateway.Jobs;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Brings one socket what happens in its conversation, whichever connection or replica caused it: the events of every
/// turn, from its announcement (or, on resume, from a sequence number), and the results of the conversation's jobs.
/// </summary>
public sealed class ConversationFollower(
    Guid conversationId,
    TurnAnnouncements announcements,
    JobAnnouncements jobResults,
    TurnEventReader reader,
    LiveTurns liveTurns,
    SocketWriter writer)
{
    private readonly ConcurrentDictionary<Guid, byte> following = new();
    // Boxed so that the announcement's thread and the socket's read and write it whole.
    private object? latestTurn;

    public Guid ConversationId => conversationId;

    /// <summary>The conversation's latest turn: what cancel and played mean without a turnId, and what a barge-in stops.</summary>
    public Guid? LatestTurn
    {
        get => (Guid?)Volatile.Read(ref latestTurn);
        set => Volatile.Write(ref latestTurn, value);
    }

    /// <summary>Follows every turn announced until the returned listener is disposed.</summary>
    public IDisposable FollowNewTurns(CancellationToken cancellationToken) =>
        announcements.Listen(conversationId, turnId =>
        {
            // Announced before any of its events can be sent, so a cancel or barge-in that follows them finds it.
            LatestTurn = turnId;
            Follow(turnId, 0, cancellationToken);
        });

    public IDisposable ForwardJobResults() => jobResults.Listen(conversationId, writer.WriteIfRoom);

    /// <summary>Follows the turn again from after <paramref name="afterSeq"/>, for a client that missed what came after it.</summary>
    public void Resume(Guid turnId, long afterSeq, CancellationToken cancellationToken)
    {
        following.TryRemove(turnId, out _);
        Follow(turnId, afterSeq, cancellationToken);
    }

    /// <summary>The latest turn while its reply is still running on this replica.</summary>
    public LiveTurn? RunningTurn() => LatestTurn is { } id && liveTurns.Find(id) is { Stream.IsFinished: false } turn ? turn : null;

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
                if (await reader.OpenAsync(turnId, afterSeq, cancellationToken) is not { } opened || opened.ConversationId != conversationId)
                {
                    writer.Write(ServerFrames.Error(turnId, "turn_not_found", $"There is no turn {turnId} in this conversation, or its events have expired.", retryable: false));
                    return;
                }

                await foreach (var turnEvent in opened.Events)
                {
                    writer.Write(ServerFrames.Event(turnId, turnEvent));
                }
            }
            catch (ReaderLaggedException lagged)
            {
                writer.Write(ServerFrames.Error(turnId, "reader_lagged", lagged.Message, retryable: true));
            }
            catch (OperationCanceledException)
            {
                // The socket closed.
            }
        }, CancellationToken.None);
    }
}
