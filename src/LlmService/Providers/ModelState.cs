namespace Platform.LlmService.Providers;

/// <summary>A snapshot of the hot model, as the Models RPC and /health report it.</summary>
public sealed record ModelState(ModelPhase Phase, TimeSpan? Load, TimeSpan? WarmUp, string? Failure);
