using Microsoft.Extensions.Options;

namespace Platform.AppHost.Dashboard.Logs;

/// <summary>The newest <see cref="DashboardOptions.MaxLogRecords"/> structured log records; the oldest is evicted first.</summary>
public sealed class LogStore
{
    private readonly Lock gate = new();
    private readonly StoredLogRecord?[] ring;
    private int next;
    private long ingested;

    public LogStore(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ring = new StoredLogRecord?[options.Value.MaxLogRecords];
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return (int)Math.Min(ingested, ring.Length);
            }
        }
    }

    public void Add(IReadOnlyList<StoredLogRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (gate)
        {
            foreach (var record in records)
            {
                ring[next] = record;
                next = (next + 1) % ring.Length;
                ingested++;
            }
        }
    }

    /// <summary>The newest records that match, latest first by their own time (services' batches arrive interleaved).</summary>
    public IReadOnlyList<StoredLogRecord> Search(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = new List<StoredLogRecord>();
        lock (gate)
        {
            var count = (int)Math.Min(ingested, ring.Length);
            for (var offset = 1; offset <= count && matches.Count < query.Limit; offset++)
            {
                var record = ring[(next - offset + ring.Length) % ring.Length]!;
                if (Matches(record, query))
                {
                    matches.Add(record);
                }
            }
        }

        return [.. matches.OrderByDescending(record => record.At)];
    }

    private static bool Matches(StoredLogRecord record, LogQuery query) =>
        (string.IsNullOrEmpty(query.Service) || record.Service == query.Service)
        && record.SeverityNumber >= query.MinSeverity
        && (string.IsNullOrEmpty(query.TraceId) || record.TraceId == query.TraceId)
        && (string.IsNullOrEmpty(query.Text)
            || record.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
            || record.Category.Contains(query.Text, StringComparison.OrdinalIgnoreCase));
}
