namespace Platform.Gateway.Conversations;

/// <summary>An objective of the conversation's scenario the learner completed, in the turn <paramref name="TurnId"/>.</summary>
public sealed record CompletedObjective(string Id, int Points, Guid? TurnId, DateTimeOffset CompletedAt);
