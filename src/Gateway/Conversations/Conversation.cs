namespace Platform.Gateway.Conversations;

/// <summary>A conversation and the settings that shape its system prompt; <paramref name="ScenarioId"/> names its catalog scenario, if any.</summary>
public sealed record Conversation(Guid Id, string Language, string Level, string Scenario, string Persona, DateTimeOffset CreatedAt, string? ScenarioId = null);
