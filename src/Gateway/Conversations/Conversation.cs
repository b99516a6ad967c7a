namespace Platform.Gateway.Conversations;

/// <summary>A conversation and the settings that shape its system prompt.</summary>
public sealed record Conversation(Guid Id, string Language, string Level, string Scenario, string Persona, DateTimeOffset CreatedAt);
