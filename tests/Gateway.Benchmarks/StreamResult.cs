namespace Platform.Gateway.Benchmarks;

/// <summary>What one client saw of one streamed turn.</summary>
internal sealed record StreamResult(bool Completed, string? Error, double? TtftMs, IReadOnlyList<double> TokenLatenciesMs);
