namespace Platform.Gateway.Conversations;

public sealed record StoredMessage(
    Guid Id,
    Guid? TurnId,
    string Role,
    string Content,
    string Status,
    string? Model,
    int? PromptTokens,
    int? CompletionTokens,
    double? TtftMs,
    double? TotalMs,
    DateTimeOffset CreatedAt);
