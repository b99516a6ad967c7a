namespace Platform.Gateway.Conversations;

/// <summary>A summary of a conversation's messages up to and including <see cref="ThroughPosition"/>.</summary>
public sealed record Summary(string Content, long ThroughPosition, DateTimeOffset CreatedAt);
