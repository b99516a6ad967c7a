using Microsoft.Extensions.Options;

namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>
/// Metric series and their points; past <see cref="DashboardOptions.MaxMetricPoints"/> points in all, the oldest point
/// is evicted first. Histograms are summarised over a time window by what they counted inside it.
/// </summary>
public sealed class MetricStore
{
    private readonly Lock gate = new();
    private readonly int capacity;
    private readonly Dictionary<(string Service, string Name, string Attributes), MetricSeries> series = [];
    private readonly Queue<MetricSeries> arrivals = new();

    public MetricStore(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        capacity = options.Value.MaxMetricPoints;
    }

    public int PointCount
    {
        get
        {
            lock (gate)
            {
                return arrivals.Count;
            }
        }
    }

    public void Add(MetricSeries shape, MetricPoint point)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(point);
        lock (gate)
        {
            var key = (shape.Service, shape.Name, shape.Attributes);
            if (!series.TryGetValue(key, out var kept) || kept.Kind != shape.Kind || kept.IsDelta != shape.IsDelta)
            {
                series[key] = kept = shape;
            }

            kept.Points.Add(point);
            arrivals.Enqueue(kept);
            while (arrivals.Count > capacity)
            {
                // A series' points arrive in order, so the oldest point overall is the first of the series it came to.
                var oldest = arrivals.Dequeue();
                if (oldest.Points.Count > 0)
                {
                    oldest.Points.RemoveAt(0);
                }
            }
        }
    }

    /// <summary>Every instrument with its latest value (gauges, sums) or count (histograms), summed over its attribute sets.</summary>
    public IReadOnlyList<MetricInstrument> Instruments()
    {
        lock (gate)
        {
            return [.. series.Values
                .Where(kept => kept.Points.Count > 0)
                .GroupBy(kept => (kept.Service, kept.Name))
                .Select(group =>
                {
                    var first = group.First();
                    var latest = group.Sum(kept => kept.Kind == MetricKind.Histogram ? kept.Points[^1].Count : kept.Points[^1].Value);
                    return new MetricInstrument(first.Service, first.Name, first.Unit, first.Description, first.Kind, latest, group.Max(kept => kept.Points[^1].At));
                })
                .OrderBy(instrument => instrument.Service, StringComparer.Ordinal)
                .ThenBy(instrument => instrument.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Each histogram (of <paramref name="service"/> and <paramref name="name"/> when given) over the window from
    /// <paramref name="since"/> (null: everything kept), its attribute sets merged where their buckets agree.
    /// </summary>
    public IReadOnlyList<HistogramSummary> Histograms(DateTimeOffset? since, string? service = null, string? name = null)
    {
        var summaries = new List<HistogramSummary>();
        lock (gate)
        {
            var groups = series.Values
                .Where(kept => kept.Kind == MetricKind.Histogram && kept.Points.Count > 0)
                .Where(kept => string.IsNullOrEmpty(service) || kept.Service == service)
                .Where(kept => string.IsNullOrEmpty(name) || kept.Name == name)
                .GroupBy(kept => (kept.Service, kept.Name));
            foreach (var group in groups)
            {
                var bounds = group.First().Points[^1].Bounds ?? [];
                var counts = new ulong[bounds.Count + 1];
                var sum = 0.0;
                foreach (var kept in group)
                {
                    sum += AddWindow(kept, since, bounds, counts);
                }

                var first = group.First();
                var total = counts.Aggregate(0UL, (all, count) => all + count);
                summaries.Add(new HistogramSummary(
                    first.Service,
                    first.Name,
                    first.Unit,
                    first.Description,
                    total,
                    sum,
                    bounds,
                    counts,
                    HistogramPercentiles.Quantile(bounds, counts, 0.50),
                    HistogramPercentiles.Quantile(bounds, counts, 0.95),
                    HistogramPercentiles.Quantile(bounds, counts, 0.99)));
            }
        }

        return [.. summaries.OrderBy(summary => summary.Service, StringComparer.Ordinal).ThenBy(summary => summary.Name, StringComparer.Ordinal)];
    }

    /// <summary>Adds what <paramref name="kept"/> counted inside the window to <paramref name="counts"/>; returns the sum of those values.</summary>
    private static double AddWindow(MetricSeries kept, DateTimeOffset? since, IReadOnlyList<double> bounds, ulong[] counts)
    {
        var sum = 0.0;
        if (kept.IsDelta)
        {
            foreach (var point in kept.Points.Where(point => since is null || point.At > since))
            {
                sum += Accumulate(point, null, bounds, counts);
            }

            return sum;
        }

        // Cumulative points count everything since the exporter started; a restart begins a new run of points, and
        // each run contributes its last point less its last point from before the window.
        foreach (var run in Runs(kept.Points))
        {
            var last = run[^1];
            if (since is not null && last.At <= since)
            {
                continue;
            }

            var baseline = since is null || run[0].StartedAt >= since
                ? null
                : run.LastOrDefault(point => point.At <= since) ?? run[0];
            if (!ReferenceEquals(baseline, last))
            {
                sum += Accumulate(last, baseline, bounds, counts);
            }
        }

        return sum;
    }

    private static double Accumulate(MetricPoint point, MetricPoint? baseline, IReadOnlyList<double> bounds, ulong[] counts)
    {
        if (point.BucketCounts is not { } buckets || point.Bounds is not { } pointBounds || !pointBounds.SequenceEqual(bounds))
        {
            return 0;
        }

        var before = baseline?.BucketCounts is { } earlier && earlier.Count == buckets.Count ? earlier : null;
        for (var bucket = 0; bucket < buckets.Count; bucket++)
        {
            var previous = before?[bucket] ?? 0;
            counts[bucket] += buckets[bucket] >= previous ? buckets[bucket] - previous : 0;
        }

        return point.Sum - (before is null ? 0 : baseline!.Sum);
    }

    private static IEnumerable<List<MetricPoint>> Runs(List<MetricPoint> points)
    {
        var run = new List<MetricPoint>();
        foreach (var point in points)
        {
            if (run.Count > 0 && point.StartedAt != run[^1].StartedAt)
            {
                yield return run;
                run = [];
            }

            run.Add(point);
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }
}
