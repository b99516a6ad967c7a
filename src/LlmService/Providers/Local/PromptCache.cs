using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// The saved KV states of recent conversations, bounded in bytes and in count; the least recently used leaves first,
/// background jobs' states before people's. A job's state only ever pushes out other jobs' states, so jobs never cost
/// a person their cache.
/// A turn takes its conversation's state out and puts the new one back when it completes, so a cancelled or failed
/// turn simply leaves none behind.
/// </summary>
internal sealed class PromptCache(long maxBytes, int maxConversations)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LinkedListNode<CachedPrompt>> byKey = new(StringComparer.Ordinal);

    // Most recently used first.
    private readonly LinkedList<CachedPrompt> recency = new();

    public long MaxBytes => maxBytes;

    public int MaxConversations => maxConversations;

    public long Bytes { get; private set; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byKey.Count;
            }
        }
    }

    public long Evictions { get; private set; }

    /// <summary>The kept conversations, most recently used first.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (gate)
            {
                return recency.Select(entry => entry.Key).ToList();
            }
        }
    }

    /// <summary>Removes and returns the conversation's state, if it is kept.</summary>
    public CachedPrompt? Take(string key)
    {
        lock (gate)
        {
            if (!byKey.Remove(key, out var node))
            {
                return null;
            }

            recency.Remove(node);
            Bytes -= node.Value.Bytes;
            return node.Value;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> as the most recently used; false when it cannot fit.</summary>
    public bool Store(CachedPrompt entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (byKey.Remove(entry.Key, out var previous))
            {
                recency.Remove(previous);
                Bytes -= previous.Value.Bytes;
            }

            if (entry.Bytes > maxBytes || maxConversations == 0)
            {
                return false;
            }

            while (byKey.Count >= maxConversations || Bytes + entry.Bytes > maxBytes)
            {
                var victim = Victim(entry.Priority);
                if (victim is null)
                {
                    return false;
                }

                recency.Remove(victim);
                byKey.Remove(victim.Value.Key);
                Bytes -= victim.Value.Bytes;
                Evictions++;
            }

            byKey[entry.Key] = recency.AddFirst(entry);
            Bytes += entry.Bytes;
            return true;
        }
    }

    private LinkedListNode<CachedPrompt>? Victim(GenerationPriority incoming)
    {
        for (var node = recency.Last; node is not null; node = node.Previous)
        {
            if (node.Value.Priority == GenerationPriority.Background)
            {
                return node;
            }
        }

        return incoming == GenerationPriority.Interactive ? recency.Last : null;
    }
}
