namespace Platform.AppHost.Logging;

/// <summary>One line a resource wrote, and whether it came from standard error.</summary>
public sealed record ResourceLogLine(DateTimeOffset At, string Resource, string Text, bool IsError);
