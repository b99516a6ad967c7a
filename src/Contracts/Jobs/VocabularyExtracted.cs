namespace Platform.Contracts.Jobs;

/// <summary>The vocabulary found in the reply of turn <paramref name="TurnId"/>.</summary>
public sealed record VocabularyExtracted(Guid ConversationId, Guid TurnId, IReadOnlyList<VocabularyTerm> Items);
