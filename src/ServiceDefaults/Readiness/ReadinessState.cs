namespace Platform.ServiceDefaults.Readiness;

/// <summary>Where a service is between start and ready, as /health and its calls report it.</summary>
public sealed record ReadinessState(ReadinessPhase Phase, TimeSpan? Load, TimeSpan? WarmUp, string? Failure);
