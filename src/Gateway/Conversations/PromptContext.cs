namespace Platform.Gateway.Conversations;

/// <summary>
/// What a turn's prompt is built from: the settings, the latest summary, the most recent messages (oldest first), and
/// how many messages follow the summary in all.
/// </summary>
public sealed record PromptContext(Conversation Conversation, Summary? Summary, IReadOnlyList<StoredMessage> RecentMessages, int MessagesSinceSummary);
