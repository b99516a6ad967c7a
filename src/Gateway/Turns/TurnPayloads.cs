namespace Platform.Gateway.Turns;

public sealed record TurnStartedPayload(Guid TurnId, Guid ConversationId, string Model);

public sealed record TokenPayload(long Seq, string Text);

public sealed record TurnUsage(int PromptTokens, int CompletionTokens);

public sealed record TurnTimings(double? TtftMs, double TotalMs);

public sealed record TurnCompletedPayload(Guid TurnId, string Text, string Status, TurnUsage Usage, TurnTimings Timings, string? FinishReason = null);

public sealed record TurnErrorPayload(string Code, string Message, bool Retryable);
