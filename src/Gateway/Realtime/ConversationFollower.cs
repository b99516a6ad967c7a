using System.Collections.Concurrent;
using Platform.Gateway.Jobs;
using Platform.Gateway.Turns;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// Brings one socket what happens in its conversation, whichever connection or replica caused it: the turns this socket
/// starts, followed directly from the turn it was given; every other turn from its announcement (or, on resume, from a
/// sequence number); and the results of the conversation's jobs.
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
    private readonly Lock gate = new();
    private readonly List<Guid> heldAnnouncements = [];
    private int startsUnderway;
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
            // A turn this socket is starting is announced before it is handed back (at once on this replica), and it is
            // followed only after the client is told it was accepted; what is announced meanwhile waits for that.
            lock (gate)
            {
                if (startsUnderway > 0)
                {
                    heldAnnouncements.Add(turnId);
                    return;
                }
            }

            FollowAnnounced(turnId, cancellationToken);
        });

    public IDisposable ForwardJobResults() => jobResults.Listen(conversationId, writer.WriteIfRoom);

    /// <summary>Holds announcements while this socket starts a turn, until <see cref="EndStart"/>.</summary>
    public void BeginStart()
    {
        lock (gate)
        {
            startsUnderway++;
        }
    }

    /// <summary>Follows what was announced while the socket started its turn, except that turn, followed directly.</summary>
    public void EndStart(CancellationToken cancellationToken)
    {
        Guid[] held;
        lock (gate)
        {
            if (--startsUnderway > 0)
            {
                return;
            }

            held = [.. heldAnnouncements];
            heldAnnouncements.Clear();
        }

        foreach (var turnId in held)
        {
            FollowAnnounced(turnId, cancellationToken);
        }
    }

    /// <summary>Follows a turn this socket started, from the turn itself rather than from its announcement.</summary>
    public void Follow(LiveTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        LatestTurn = turn.Stream.TurnId;
        IAsyncEnumerable<TurnEvent> ReadAfter(long afterSeq) => turn.Stream.ReadAsync(afterSeq, cancellationToken);
        Forward(turn.Stream.TurnId, 0, () => Task.FromResult<IAsyncEnumerable<TurnEvent>?>(ReadAfter(0)), ReadAfter);
    }

    /// <summary>Follows the turn again from after <paramref name="afterSeq"/>, for a client that missed what came after it.</summary>
    public void Resume(Guid turnId, long afterSeq, CancellationToken cancellationToken)
    {
        following.TryRemove(turnId, out _);
        Follow(turnId, afterSeq, cancellationToken);
    }

    /// <summary>The latest turn while its reply is still running on this replica.</summary>
    public LiveTurn? RunningTurn() => LatestTurn is { } id && liveTurns.Find(id) is { Stream.IsFinished: false } turn ? turn : null;

    private void FollowAnnounced(Guid turnId, CancellationToken cancellationToken)
    {
        if (following.ContainsKey(turnId))
        {
            return;
        }

        LatestTurn = turnId;
        Follow(turnId, 0, cancellationToken);
    }

    private void Follow(Guid turnId, long afterSeq, CancellationToken cancellationToken) =>
        Forward(
            turnId,
            afterSeq,
            async () => await reader.OpenAsync(turnId, afterSeq, cancellationToken) is { } opened && opened.ConversationId == conversationId ? opened.Events : null,
            after => reader.ReadAsync(turnId, after, cancellationToken));

    /// <summary>
    /// Sends the turn's events to the socket as they come. The socket's outbox takes each at once, so a forwarder that
    /// lags was starved of a thread, and it catches up (<see cref="CatchingUpReader"/>) instead of failing the turn.
    /// </summary>
    private void Forward(Guid turnId, long afterSeq, Func<Task<IAsyncEnumerable<TurnEvent>?>> open, Func<long, IAsyncEnumerable<TurnEvent>> readAfter)
    {
        if (!following.TryAdd(turnId, 0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (await open() is not { } events)
                {
                    writer.Write(ServerFrames.Error(turnId, "turn_not_found", $"There is no turn {turnId} in this conversation, or its events have expired.", retryable: false));
                    return;
                }

                await foreach (var turnEvent in CatchingUpReader.ReadAsync(events, afterSeq, readAfter, CancellationToken.None))
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
