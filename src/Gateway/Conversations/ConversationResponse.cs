namespace Platform.Gateway.Conversations;

public sealed record ConversationResponse(Guid Id, string Language, string Level, string Scenario, string Persona, DateTimeOffset CreatedAt, string? ScenarioId)
{
    public static ConversationResponse From(Conversation c) => new(c.Id, c.Language, c.Level, c.Scenario, c.Persona, c.CreatedAt, c.ScenarioId);
}
