namespace Platform.Gateway.Conversations;

/// <summary>What a turn's prompt is built from: the settings, the latest summary and the most recent messages, oldest first.</summary>
public sealed record PromptContext(Conversation Conversation, Summary? Summary, IReadOnlyList<StoredMessage> RecentMessages);
