namespace Platform.AppHost.Dashboard.Traces;

/// <summary>Which traces the list shows: any span of the service, any span name containing the text, at least this long, errors only.</summary>
public sealed record TraceQuery(string? Service = null, string? Name = null, double? MinDurationMs = null, bool ErrorsOnly = false, int Limit = 100);
