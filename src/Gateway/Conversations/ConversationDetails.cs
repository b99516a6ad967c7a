namespace Platform.Gateway.Conversations;

public sealed record ConversationDetails(
    Conversation Conversation,
    IReadOnlyList<StoredMessage> Messages,
    Summary? Summary,
    IReadOnlyList<VocabularyItem> Vocabulary,
    IReadOnlyList<CompletedObjective> CompletedObjectives);
