namespace Platform.Contracts.Jobs;

/// <summary>Extract the vocabulary a learner of <paramref name="Language"/> at <paramref name="Level"/> met in one assistant reply.</summary>
public sealed record ExtractVocabulary(Guid ConversationId, Guid TurnId, string Language, string Level, string Text);
