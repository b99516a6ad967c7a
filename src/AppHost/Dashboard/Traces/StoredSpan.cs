namespace Platform.AppHost.Dashboard.Traces;

/// <summary>One span as the dashboard keeps it: ids in hex, times in UTC, attributes as plain values.</summary>
public sealed record StoredSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Service,
    string Scope,
    string Name,
    string Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string StatusMessage,
    IReadOnlyList<KeyValuePair<string, object>> Attributes,
    IReadOnlyList<SpanEvent> Events,
    IReadOnlyList<SpanLink> Links)
{
    public double DurationMs => (End - Start).TotalMilliseconds;

    public bool IsError => Status == "error";
}

public sealed record SpanEvent(string Name, DateTimeOffset At, IReadOnlyList<KeyValuePair<string, object>> Attributes);

public sealed record SpanLink(string TraceId, string SpanId, IReadOnlyList<KeyValuePair<string, object>> Attributes);
