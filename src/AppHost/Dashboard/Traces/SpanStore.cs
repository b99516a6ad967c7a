using Microsoft.Extensions.Options;

namespace Platform.AppHost.Dashboard.Traces;

/// <summary>
/// The newest <see cref="DashboardOptions.MaxSpans"/> spans in a ring, indexed by trace; a new span past the cap
/// evicts the oldest. One lock per exported batch keeps ingestion cheap and readers consistent.
/// </summary>
public sealed class SpanStore
{
    private readonly Lock gate = new();
    private readonly StoredSpan?[] ring;
    private readonly Dictionary<string, List<StoredSpan>> traces = new(StringComparer.Ordinal);
    private int next;
    private long ingested;

    public SpanStore(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ring = new StoredSpan?[options.Value.MaxSpans];
    }

    public int Capacity => ring.Length;

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

    public long Ingested
    {
        get
        {
            lock (gate)
            {
                return ingested;
            }
        }
    }

    public void Add(IReadOnlyList<StoredSpan> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        lock (gate)
        {
            foreach (var span in spans)
            {
                if (ring[next] is { } evicted)
                {
                    Forget(evicted);
                }

                ring[next] = span;
                next = (next + 1) % ring.Length;
                ingested++;
                if (!traces.TryGetValue(span.TraceId, out var trace))
                {
                    traces[span.TraceId] = trace = new List<StoredSpan>(4);
                }

                trace.Add(span);
            }
        }
    }

    /// <summary>Every span kept of one trace, earliest first.</summary>
    public IReadOnlyList<StoredSpan> Trace(string traceId)
    {
        lock (gate)
        {
            return traces.TryGetValue(traceId, out var trace) ? [.. trace.OrderBy(span => span.Start)] : [];
        }
    }

    /// <summary>The newest traces that match, newest first.</summary>
    public IReadOnlyList<TraceSummary> Search(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matches = new List<TraceSummary>();
        lock (gate)
        {
            foreach (var trace in traces.Values)
            {
                if (Matches(trace, query))
                {
                    matches.Add(Summarize(trace));
                }
            }
        }

        return [.. matches.Where(summary => summary.DurationMs >= (query.MinDurationMs ?? 0))
            .OrderByDescending(summary => summary.Start)
            .Take(query.Limit)];
    }

    /// <summary>The services and span names seen, for the list's filters.</summary>
    public (IReadOnlyList<string> Services, IReadOnlyList<string> Names) Catalogue()
    {
        var services = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var trace in traces.Values)
            {
                foreach (var span in trace)
                {
                    services.Add(span.Service);
                    names.Add(span.Name);
                }
            }
        }

        return ([.. services.Order(StringComparer.Ordinal)], [.. names.Order(StringComparer.Ordinal)]);
    }

    private static bool Matches(List<StoredSpan> trace, TraceQuery query) =>
        (string.IsNullOrEmpty(query.Service) || trace.Exists(span => span.Service == query.Service))
        && (string.IsNullOrEmpty(query.Name) || trace.Exists(span => span.Name.Contains(query.Name, StringComparison.OrdinalIgnoreCase)))
        && (!query.ErrorsOnly || trace.Exists(span => span.IsError));

    private static TraceSummary Summarize(List<StoredSpan> trace)
    {
        var ids = trace.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root is the span without a parent; with the parent not (or no longer) here, the earliest orphan stands in.
        var root = trace.Where(span => span.ParentSpanId.Length == 0).MinBy(span => span.Start)
            ?? trace.Where(span => !ids.Contains(span.ParentSpanId)).MinBy(span => span.Start)
            ?? trace[0];
        var start = trace.Min(span => span.Start);
        var end = trace.Max(span => span.End);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Service,
            [.. trace.OrderBy(span => span.Start).Select(span => span.Service).Distinct(StringComparer.Ordinal)],
            trace.Count,
            start,
            (end - start).TotalMilliseconds,
            trace.Exists(span => span.IsError));
    }

    private void Forget(StoredSpan span)
    {
        if (traces.TryGetValue(span.TraceId, out var trace))
        {
            // By reference: records compare by value, and two spans may hold equal values.
            var index = trace.FindIndex(kept => ReferenceEquals(kept, span));
            if (index >= 0)
            {
                trace.RemoveAt(index);
            }

            if (trace.Count == 0)
            {
                traces.Remove(span.TraceId);
            }
        }
    }
}
