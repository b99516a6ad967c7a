namespace Platform.Gateway.Usage;

/// <summary>A user's usage summed over every <c>/v1</c> call.</summary>
public sealed record UsageTotals(long Requests, long PromptTokens, long CompletionTokens, double AudioInSeconds, double AudioOutSeconds);
