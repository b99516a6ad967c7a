namespace Platform.Contracts.Jobs;

/// <summary>The verdict on turn <paramref name="TurnId"/>: the ids of the objectives its message completed (possibly none).</summary>
public sealed record ObjectivesJudged(Guid ConversationId, Guid TurnId, IReadOnlyList<string> Completed);
