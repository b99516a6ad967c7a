namespace Platform.Gateway.Turns;

/// <summary>
/// <paramref name="DroppedMessages"/>: the oldest messages LlmService left out so the prompt fits the model's context;
/// <paramref name="CachedTokens"/>: prompt tokens it reused from the conversation's last turn instead of decoding them.
/// </summary>
public sealed record TurnStartedPayload(Guid TurnId, Guid ConversationId, string Model, int DroppedMessages = 0, int CachedTokens = 0);

public sealed record TokenPayload(long Seq, string Text);

public sealed record TurnUsage(int PromptTokens, int CompletionTokens, int DroppedMessages = 0);

public sealed record TurnTimings(double? TtftMs, double TotalMs, double? SttMs = null, double? FirstAudioMs = null);

public sealed record TranscriptionPayload(string Text, bool IsFinal, int AudioMs, int DecodeMs);

/// <summary>A piece of the spoken reply: PCM16 mono little-endian at <paramref name="SampleRate"/>, base64; sentences in order, chunks in order.</summary>
public sealed record AudioPayload(long Seq, int Sentence, int Chunk, bool Last, int SampleRate, string Format, string Data);

public sealed record TurnCompletedPayload(Guid TurnId, string Text, string Status, TurnUsage Usage, TurnTimings Timings, string? FinishReason = null);

public sealed record TurnErrorPayload(string Code, string Message, bool Retryable)
{
    /// <summary>The message cannot fit the model's context even alone: the caller's to shorten, refused before any reply.</summary>
    public const string ContextLengthExceeded = "context_length_exceeded";
}
