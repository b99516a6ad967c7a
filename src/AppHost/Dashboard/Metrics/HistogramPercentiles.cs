namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>
/// Percentiles from explicit-bucket counts, as Prometheus's histogram_quantile computes them: find the bucket the rank
/// falls in and interpolate linearly inside it. The answer is exact to within its bucket, which is all a histogram knows.
/// </summary>
public static class HistogramPercentiles
{
    /// <summary>The <paramref name="quantile"/> (0-1) of the counts; null when they are all zero.</summary>
    public static double? Quantile(IReadOnlyList<double> bounds, IReadOnlyList<ulong> counts, double quantile)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (counts.Count != bounds.Count + 1)
        {
            throw new ArgumentException($"A histogram with {bounds.Count} bounds has {bounds.Count + 1} buckets, not {counts.Count}.", nameof(counts));
        }

        var total = counts.Aggregate(0UL, (sum, count) => sum + count);
        if (total == 0)
        {
            return null;
        }

        var rank = quantile * total;
        var below = 0UL;
        for (var bucket = 0; bucket < counts.Count; bucket++)
        {
            if (counts[bucket] == 0 || below + counts[bucket] < rank)
            {
                below += counts[bucket];
                continue;
            }

            if (bucket == bounds.Count)
            {
                // Above the highest bound nothing says how far above: the bound is the honest lower estimate.
                return bounds.Count > 0 ? bounds[^1] : 0;
            }

            // Latencies are never negative, so the first bucket starts at zero unless its bound says otherwise.
            var lower = bucket == 0 ? Math.Min(0, bounds[0]) : bounds[bucket - 1];
            var upper = bounds[bucket];
            return lower + ((upper - lower) * (rank - below) / counts[bucket]);
        }

        return bounds.Count > 0 ? bounds[^1] : 0;
    }

    /// <summary>The bucket <paramref name="value"/> is counted in: the first whose upper bound it does not exceed.</summary>
    public static int BucketOf(IReadOnlyList<double> bounds, double value)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        for (var bucket = 0; bucket < bounds.Count; bucket++)
        {
            if (value <= bounds[bucket])
            {
                return bucket;
            }
        }

        return bounds.Count;
    }
}
