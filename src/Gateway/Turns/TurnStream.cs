using System.Threading.Channels;

namespace Platform.Gateway.Turns;

/// <summary>
/// The events of a turn running in this process, kept for replay and fanned out to every attached reader.
/// Each reader has its own bounded buffer: one that falls too far behind is cut off with
/// <see cref="ReaderLaggedException"/> and can resume from its last event, while the turn and the other
/// readers go on at full speed.
/// </summary>
public sealed class TurnStream(Guid turnId, Guid conversationId, int readerBuffer)
{
    private readonly Lock gate = new();
    private readonly List<TurnEvent> events = [];
    private readonly List<Channel<TurnEvent>> readers = [];

    public Guid TurnId { get; } = turnId;

    public Guid ConversationId { get; } = conversationId;

    public bool IsFinished { get; private set; }

    /// <summary>
    /// Appends the next event, made from its sequence number, and hands it to every reader. Events may come from
    /// several tasks of one turn (tokens, audio); <paramref name="appended"/> runs in sequence order, so whatever it
    /// forwards the events to sees them in order too.
    /// </summary>
    public TurnEvent Append(TurnEventKind kind, Func<long, string> data, Action<TurnEvent>? appended = null)
    {
        lock (gate)
        {
            if (IsFinished)
            {
                throw new InvalidOperationException($"Turn {TurnId} has already ended.");
            }

            var turnEvent = new TurnEvent(events.Count + 1, kind, data(events.Count + 1));
            events.Add(turnEvent);
            appended?.Invoke(turnEvent);
            IsFinished = turnEvent.IsTerminal;
            for (var i = readers.Count - 1; i >= 0; i--)
            {
                var reader = readers[i];
                if (!reader.Writer.TryWrite(turnEvent))
                {
                    readers.RemoveAt(i);
                    reader.Writer.TryComplete(new ReaderLaggedException(TurnId));
                }
                else if (IsFinished)
                {
                    reader.Writer.TryComplete();
                }
            }

            if (IsFinished)
            {
                readers.Clear();
            }

            return turnEvent;
        }
    }

    /// <summary>The events after <paramref name="afterSeq"/>, then each new one as it happens, until the turn ends.</summary>
    public async IAsyncEnumerable<TurnEvent> ReadAsync(long afterSeq, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TurnEvent[] replay;
        Channel<TurnEvent>? live = null;
        lock (gate)
        {
            replay = events.Skip((int)Math.Clamp(afterSeq, 0, events.Count)).ToArray();
            if (!IsFinished)
            {
                live = Channel.CreateBounded<TurnEvent>(new BoundedChannelOptions(readerBuffer)
                {
                    SingleReader = true,
                    SingleWriter = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                readers.Add(live);
            }
        }

        try
        {
            foreach (var turnEvent in replay)
            {
                yield return turnEvent;
            }

            if (live is null)
            {
                yield break;
            }

            await foreach (var turnEvent in live.Reader.ReadAllAsync(cancellationToken))
            {
                yield return turnEvent;
            }
        }
        finally
        {
            if (live is not null)
            {
                lock (gate)
                {
                    readers.Remove(live);
                }
            }
        }
    }
}
