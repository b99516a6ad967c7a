namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>One latency histogram of one service over a time window: its buckets and the percentiles they give.</summary>
public sealed record HistogramSummary(
    string Service,
    string Name,
    string Unit,
    string Description,
    ulong Count,
    double Sum,
    IReadOnlyList<double> Bounds,
    IReadOnlyList<ulong> BucketCounts,
    double? P50,
    double? P95,
    double? P99);
