using Platform.AppHost.Logging;

namespace Platform.AppHost.Dashboard.Logs;

/// <summary>A resource's recent console lines, oldest first.</summary>
public sealed record ConsoleLog(string Resource, IReadOnlyList<ResourceLogLine> Lines);
