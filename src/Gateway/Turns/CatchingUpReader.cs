using System.Runtime.CompilerServices;

namespace Platform.Gateway.Turns;

/// <summary>
/// Reads a turn's events for a reader that never waits on its client (a socket's outbox takes every frame at once).
/// When such a reader lags, its thread was starved on a busy machine rather than its client slow, so it reads on from
/// after the last event it had instead of ending; only a lag with nothing read since the last one ends it with
/// <see cref="ReaderLaggedException"/>.
/// </summary>
public static class CatchingUpReader
{
    public static async IAsyncEnumerable<TurnEvent> ReadAsync(
        IAsyncEnumerable<TurnEvent> events, long afterSeq, Func<long, IAsyncEnumerable<TurnEvent>> readAfter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readAfter);
        var last = afterSeq;
        while (true)
        {
            var resumedFrom = last;
            await using var reading = events.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                try
                {
                    if (!await reading.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (ReaderLaggedException) when (last != resumedFrom)
                {
                    break;
                }

                last = reading.Current.Seq;
                yield return reading.Current;
            }

            events = readAfter(last);
        }
    }
}
