namespace Platform.AppHost.Dashboard.Logs;

/// <summary>One structured log record: who wrote it, how severe, its message and attributes, and the trace it belongs to.</summary>
public sealed record StoredLogRecord(
    DateTimeOffset At,
    string Service,
    string Category,
    string Severity,
    int SeverityNumber,
    string Message,
    IReadOnlyList<KeyValuePair<string, object>> Attributes,
    string TraceId,
    string SpanId);
