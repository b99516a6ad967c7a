namespace Platform.Gateway.Turns;

/// <summary>How a turn ended, for its audit line: never the content.</summary>
internal sealed record TurnOutcome(string Status, string Model, int CompletionTokens, double? TtftMs, double TotalMs);
