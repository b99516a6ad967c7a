namespace Platform.Gateway.Usage;

/// <summary>What one <c>/v1</c> call used, as its response reported it.</summary>
public sealed record UsageRecord(
    string Route,
    string? Model,
    int Status,
    int PromptTokens,
    int CompletionTokens,
    double AudioInSeconds,
    double AudioOutSeconds,
    double DurationMs,
    DateTimeOffset CreatedAt);
