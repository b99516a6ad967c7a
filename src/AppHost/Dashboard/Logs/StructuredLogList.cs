namespace Platform.AppHost.Dashboard.Logs;

/// <summary>The structured log records that match, and how many the window keeps.</summary>
public sealed record StructuredLogList(IReadOnlyList<StoredLogRecord> Records, int RecordsKept);
