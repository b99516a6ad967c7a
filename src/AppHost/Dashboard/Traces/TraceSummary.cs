namespace Platform.AppHost.Dashboard.Traces;

/// <summary>One trace in the list: its root, the services it crossed, when it started and how long it took.</summary>
public sealed record TraceSummary(
    string TraceId,
    string Name,
    string Service,
    IReadOnlyList<string> Services,
    int SpanCount,
    DateTimeOffset Start,
    double DurationMs,
    bool HasError);
