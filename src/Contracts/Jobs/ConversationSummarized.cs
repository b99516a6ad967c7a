namespace Platform.Contracts.Jobs;

/// <summary>A summary of a conversation up to and including the message at <paramref name="ThroughPosition"/>.</summary>
public sealed record ConversationSummarized(Guid ConversationId, string Content, long ThroughPosition);
