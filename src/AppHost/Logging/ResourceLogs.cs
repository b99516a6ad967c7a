using System.Collections.Concurrent;

namespace Platform.AppHost.Logging;

/// <summary>The recent output of every resource, line by line under its name, kept so failures can quote it.</summary>
public sealed class ResourceLogs(TimeProvider time)
{
    private const int LinesKept = 2000;

    private readonly ConcurrentDictionary<string, Queue<ResourceLogLine>> lines = new(StringComparer.Ordinal);

    public void Append(string resource, string text, bool isError)
    {
        var log = lines.GetOrAdd(resource, _ => new Queue<ResourceLogLine>());
        lock (log)
        {
            log.Enqueue(new ResourceLogLine(time.GetUtcNow(), resource, text, isError));
            if (log.Count > LinesKept)
            {
                log.Dequeue();
            }
        }
    }

    public IReadOnlyList<ResourceLogLine> Tail(string resource, int count = LinesKept)
    {
        if (!lines.TryGetValue(resource, out var log))
        {
            return [];
        }

        lock (log)
        {
            return [.. log.Skip(Math.Max(0, log.Count - count))];
        }
    }
}
