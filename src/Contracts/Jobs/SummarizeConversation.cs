namespace Platform.Contracts.Jobs;

/// <summary>
/// Summarize <paramref name="Messages"/> (all older than the ones kept verbatim), folding in
/// <paramref name="PreviousSummary"/> so the new summary covers the conversation up to <paramref name="ThroughPosition"/>.
/// </summary>
public sealed record SummarizeConversation(
    Guid ConversationId,
    string Language,
    string? PreviousSummary,
    IReadOnlyList<JobMessage> Messages,
    long ThroughPosition);
