using Platform.LlmService.Providers;

namespace Platform.LlmService.Scheduling;

/// <summary>
/// Work waiting for the model, in two lanes: an item is taken from the background lane only when the interactive
/// lane is empty. Each lane holds at most <see cref="Capacity"/> items, so queued jobs never take a person's place:
/// when a lane is full, <see cref="Enqueue"/> refuses instead of letting waits grow.
/// One consumer thread blocks in <see cref="TryDequeue"/> while there is nothing to do.
/// </summary>
internal sealed class PriorityWorkQueue<T>(int capacity)
    where T : class
{
    private readonly object gate = new();
    private readonly LinkedList<T> interactive = new();
    private readonly LinkedList<T> background = new();
    private bool closed;

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return interactive.Count + background.Count;
            }
        }
    }

    /// <summary>Whether a person's request is waiting.</summary>
    public bool HasInteractive
    {
        get
        {
            lock (gate)
            {
                return interactive.Count > 0;
            }
        }
    }

    /// <exception cref="GenerationRejectedException">The queue is full or closed.</exception>
    public void Enqueue(T item, GenerationPriority priority)
    {
        lock (gate)
        {
            if (closed)
            {
                throw GenerationRejectedException.ShuttingDown();
            }

            var lane = priority == GenerationPriority.Interactive ? interactive : background;
            if (lane.Count >= Capacity)
            {
                throw new GenerationRejectedException(RejectionReason.Busy,
                    $"The model's queue is full ({Capacity} {(lane == interactive ? "requests" : "background jobs")} waiting); retry later.");
            }

            lane.AddLast(item);
            Monitor.Pulse(gate);
        }
    }

    /// <summary>Takes an item out before it was dequeued, as when its caller gives up; false if it was already taken.</summary>
    public bool TryRemove(T item)
    {
        lock (gate)
        {
            return interactive.Remove(item) || background.Remove(item);
        }
    }

    /// <summary>
    /// The next item, interactive first, and background only when <paramref name="includeBackground"/>; with
    /// <paramref name="wait"/>, blocks until there is one or the queue closes.
    /// </summary>
    public bool TryDequeue(bool wait, out T? item, bool includeBackground = true)
    {
        lock (gate)
        {
            while (true)
            {
                var lane = interactive.Count > 0 ? interactive : includeBackground && background.Count > 0 ? background : null;
                if (lane is not null)
                {
                    item = lane.First!.Value;
                    lane.RemoveFirst();
                    return true;
                }

                if (!wait || closed)
                {
                    item = null;
                    return false;
                }

                Monitor.Wait(gate);
            }
        }
    }

    /// <summary>Refuses new items, wakes the consumer and hands back what was still waiting.</summary>
    public IReadOnlyList<T> Close()
    {
        lock (gate)
        {
            closed = true;
            var left = interactive.Concat(background).ToList();
            interactive.Clear();
            background.Clear();
            Monitor.PulseAll(gate);
            return left;
        }
    }
}
