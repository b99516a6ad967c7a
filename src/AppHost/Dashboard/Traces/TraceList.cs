namespace Platform.AppHost.Dashboard.Traces;

/// <summary>The trace list: the traces that match, the filters' choices, and how full the window is.</summary>
public sealed record TraceList(IReadOnlyList<TraceSummary> Traces, IReadOnlyList<string> Services, IReadOnlyList<string> Names, int SpansKept, int MaxSpans);
