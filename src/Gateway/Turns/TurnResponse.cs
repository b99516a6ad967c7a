namespace Platform.Gateway.Turns;

/// <summary>A whole turn in one JSON answer, for clients that do not stream.</summary>
public sealed record TurnResponse(Guid TurnId, Guid ConversationId, string Text, string Status, TurnUsage Usage, TurnTimings Timings);
