namespace Platform.Gateway.Conversations;

public sealed record CreateConversationRequest(string? Language, string? Level, string? Scenario, string? Persona);
