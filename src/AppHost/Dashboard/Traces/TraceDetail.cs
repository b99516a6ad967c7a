namespace Platform.AppHost.Dashboard.Traces;

/// <summary>One trace for the waterfall: its start, length and spans, each placed by its offset from the start.</summary>
public sealed record TraceDetail(string TraceId, DateTimeOffset Start, double DurationMs, IReadOnlyList<TraceSpan> Spans);

/// <summary>A span of a trace view: its offset from the trace's start places it in the waterfall.</summary>
public sealed record TraceSpan(
    string SpanId,
    string ParentSpanId,
    string Service,
    string Scope,
    string Name,
    string Kind,
    DateTimeOffset Start,
    double OffsetMs,
    double DurationMs,
    string Status,
    string StatusMessage,
    IReadOnlyList<KeyValuePair<string, object>> Attributes,
    IReadOnlyList<TraceSpanEvent> Events,
    IReadOnlyList<SpanLink> Links);

public sealed record TraceSpanEvent(string Name, double OffsetMs, IReadOnlyList<KeyValuePair<string, object>> Attributes);
