using System.Runtime.CompilerServices;

namespace Platform.Gateway.Turns;

/// <summary>Finds a turn's events wherever they are: in this process while it runs here, otherwise in Redis.</summary>
public sealed class TurnEventReader(LiveTurns liveTurns, TurnEventLog eventLog)
{
    /// <summary>The conversation of a turn any replica knows, or null.</summary>
    public async Task<Guid?> FindConversationAsync(Guid turnId) =>
        liveTurns.Find(turnId) is { } live ? live.Stream.ConversationId : await eventLog.FindConversationAsync(turnId);

    /// <summary>The turn's conversation and its events after <paramref name="afterSeq"/>, or null for a turn no replica knows.</summary>
    public async Task<(Guid ConversationId, IAsyncEnumerable<TurnEvent> Events)?> OpenAsync(Guid turnId, long afterSeq, CancellationToken cancellationToken)
    {
        if (liveTurns.Find(turnId) is { } live)
        {
            return (live.Stream.ConversationId, live.Stream.ReadAsync(afterSeq, cancellationToken));
        }

        return await eventLog.FindConversationAsync(turnId) is { } conversationId
            ? (conversationId, eventLog.ReadAsync(turnId, afterSeq, cancellationToken))
            : null;
    }

    /// <summary>The turn's events after <paramref name="afterSeq"/> wherever they are by then; none for a turn no replica knows.</summary>
    public async IAsyncEnumerable<TurnEvent> ReadAsync(Guid turnId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await OpenAsync(turnId, afterSeq, cancellationToken) is { } opened)
        {
            await foreach (var turnEvent in opened.Events.WithCancellation(cancellationToken))
            {
                yield return turnEvent;
            }
        }
    }
}
