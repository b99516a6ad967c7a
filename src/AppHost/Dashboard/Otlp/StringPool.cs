using System.Collections.Concurrent;

namespace Platform.AppHost.Dashboard.Otlp;

/// <summary>
/// One instance of each recurring name (attribute keys, services, span names): every exported span repeats them, and
/// keeping a copy per span would multiply the window's memory. Bounded, so unbounded text is never pooled.
/// </summary>
internal sealed class StringPool(int capacity = 20_000)
{
    private readonly ConcurrentDictionary<string, string> pool = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (pool.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        return pool.Count < capacity ? pool.GetOrAdd(value, value) : value;
    }
}
