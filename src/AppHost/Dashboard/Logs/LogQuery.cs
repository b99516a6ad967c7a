namespace Platform.AppHost.Dashboard.Logs;

/// <summary>Which records the structured log shows: of a service, at least this severe, of a trace, containing the text.</summary>
public sealed record LogQuery(string? Service = null, int MinSeverity = 0, string? TraceId = null, string? Text = null, int Limit = 200);
