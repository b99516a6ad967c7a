namespace Platform.Gateway.Conversations;

/// <summary>The assistant's side of a finished turn, as it is stored whatever the outcome.</summary>
public sealed record AssistantReply(
    Guid ConversationId,
    Guid TurnId,
    string Content,
    string Status,
    string? Model,
    int PromptTokens,
    int CompletionTokens,
    double? TtftMs,
    double TotalMs);
