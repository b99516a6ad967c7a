namespace Platform.Gateway.Turns;

public sealed record TurnRequest(string? Content);
