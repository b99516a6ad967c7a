namespace Platform.Contracts.Jobs;

/// <summary>
/// Judge whether the learner's <paramref name="Message"/>, in a role-play with <paramref name="Character"/> in
/// <paramref name="Language"/>, completes any of <paramref name="Objectives"/>.
/// </summary>
public sealed record JudgeObjectives(
    Guid ConversationId,
    Guid TurnId,
    string Language,
    string Character,
    string Message,
    IReadOnlyList<JudgedObjective> Objectives);
