namespace Platform.AppHost.Orchestration;

/// <summary>A resource's state at one moment, with its current process and how often it was restarted.</summary>
public sealed record ResourceSnapshot(string Name, ResourceState State, int? ProcessId, int Restarts, DateTimeOffset At);
