using System.Collections.Concurrent;

namespace Platform.Gateway.Turns;

/// <summary>The turns this replica runs, with the means to cancel each; finished ones linger briefly for late readers.</summary>
public sealed class LiveTurns
{
    private static readonly TimeSpan Linger = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<Guid, LiveTurn> turns = new();

    public void Add(LiveTurn turn) => turns[turn.Stream.TurnId] = turn;

    public LiveTurn? Find(Guid turnId) => turns.GetValueOrDefault(turnId);

    public bool IsRunningIn(Guid conversationId) => turns.Values.Any(t => t.Stream.ConversationId == conversationId && !t.Stream.IsFinished);

    /// <summary>Cancels the turn if it runs here; false when this replica does not run it.</summary>
    public bool TryCancel(Guid turnId)
    {
        if (!turns.TryGetValue(turnId, out var turn))
        {
            return false;
        }

        turn.Cancel();
        return true;
    }

    public void Finished(Guid turnId) =>
        _ = Task.Delay(Linger).ContinueWith(_ => turns.TryRemove(turnId, out var _), TaskScheduler.Default);

    public void CancelAll()
    {
        foreach (var turn in turns.Values)
        {
            turn.Cancel();
        }
    }
}
