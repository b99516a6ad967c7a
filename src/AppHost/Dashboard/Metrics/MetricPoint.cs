namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>
/// One exported data point: a number (gauge, sum), or a histogram's count, sum and bucket counts (one more than the
/// bounds: the last bucket is above the highest bound). <see cref="StartedAt"/> changes when the exporter restarts.
/// </summary>
public sealed record MetricPoint(
    DateTimeOffset At,
    DateTimeOffset StartedAt,
    double Value,
    ulong Count = 0,
    double Sum = 0,
    IReadOnlyList<ulong>? BucketCounts = null,
    IReadOnlyList<double>? Bounds = null);
