namespace Platform.Gateway.Conversations;

/// <summary>A conversation as <c>GET /api/conversations/{id}</c> returns it; for a scenario, its progress: the objectives completed and the score.</summary>
public sealed record ConversationDetailsResponse(
    Guid Id,
    string Language,
    string Level,
    string Scenario,
    string Persona,
    DateTimeOffset CreatedAt,
    IReadOnlyList<StoredMessage> Messages,
    Summary? Summary,
    IReadOnlyList<VocabularyItem> Vocabulary,
    string? ScenarioId,
    int Score,
    IReadOnlyList<CompletedObjective> ObjectivesCompleted)
{
    public static ConversationDetailsResponse From(ConversationDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var c = details.Conversation;
        return new(c.Id, c.Language, c.Level, c.Scenario, c.Persona, c.CreatedAt, details.Messages, details.Summary, details.Vocabulary,
            c.ScenarioId, details.CompletedObjectives.Sum(o => o.Points), details.CompletedObjectives);
    }
}
