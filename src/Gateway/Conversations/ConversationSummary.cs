namespace Platform.Gateway.Conversations;

/// <summary>A line of the conversation list: its settings, the start of its first message, and when it last changed.</summary>
public sealed record ConversationSummary(Guid Id, string Language, string Level, string Scenario, DateTimeOffset CreatedAt, string? Title, DateTimeOffset? LastMessageAt);
