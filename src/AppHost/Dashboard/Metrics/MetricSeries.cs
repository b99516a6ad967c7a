namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>The points of one instrument of one service with one set of attributes, oldest first.</summary>
public sealed class MetricSeries(string service, string name, string unit, string description, MetricKind kind, bool isDelta, string attributes)
{
    public string Service { get; } = service;

    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public string Description { get; } = description;

    public MetricKind Kind { get; } = kind;

    /// <summary>Each point counts only its own interval (delta temporality), rather than everything since the start.</summary>
    public bool IsDelta { get; } = isDelta;

    public string Attributes { get; } = attributes;

    internal List<MetricPoint> Points { get; } = [];
}
