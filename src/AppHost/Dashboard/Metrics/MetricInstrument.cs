namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>One instrument of one service in the metrics list: its latest value, or for a histogram its count so far.</summary>
public sealed record MetricInstrument(string Service, string Name, string Unit, string Description, MetricKind Kind, double Latest, DateTimeOffset At);
