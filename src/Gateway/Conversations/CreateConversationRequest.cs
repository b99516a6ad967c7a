namespace Platform.Gateway.Conversations;

/// <summary>A new conversation: free settings, or <paramref name="ScenarioId"/> from the catalog, whose settings win.</summary>
public sealed record CreateConversationRequest(string? Language, string? Level, string? Scenario, string? Persona, string? ScenarioId = null);
