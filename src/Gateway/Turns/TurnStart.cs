namespace Platform.Gateway.Turns;

/// <summary>Either the turn that started or why none did.</summary>
public sealed record TurnStart(LiveTurn? Turn, TurnRefusal? Refusal);
