namespace Platform.AppHost.Dashboard.Metrics;

public enum MetricKind
{
    Gauge,
    Sum,
    Histogram,
}
