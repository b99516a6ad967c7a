namespace Platform.Gateway.Conversations;

public sealed record ConversationDetailsResponse(
    Guid Id,
    string Language,
    string Level,
    string Scenario,
    string Persona,
    DateTimeOffset CreatedAt,
    IReadOnlyList<StoredMessage> Messages,
    Summary? Summary,
    IReadOnlyList<VocabularyItem> Vocabulary)
{
    public static ConversationDetailsResponse From(ConversationDetails details)
    {
        var c = details.Conversation;
        return new(c.Id, c.Language, c.Level, c.Scenario, c.Persona, c.CreatedAt, details.Messages, details.Summary, details.Vocabulary);
    }
}
