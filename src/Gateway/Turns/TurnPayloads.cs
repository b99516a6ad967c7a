namespace Platform.Gateway.Turns;

public sealed record TurnStartedPayload(Guid TurnId, Guid ConversationId, string Model);

public sealed record TokenPayload(long Seq, string Text);

public sealed record TurnUsage(int PromptTokens, int CompletionTokens);

public sealed record TurnTimings(double? TtftMs, double TotalMs, double? SttMs = null, double? FirstAudioMs = null);

public sealed record TranscriptionPayload(string Text, bool IsFinal, int AudioMs, int DecodeMs);

/// <summary>A piece of the spoken reply: PCM16 mono little-endian at <paramref name="SampleRate"/>, base64; sentences in order, chunks in order.</summary>
public sealed record AudioPayload(long Seq, int Sentence, int Chunk, bool Last, int SampleRate, string Format, string Data);

public sealed record TurnCompletedPayload(Guid TurnId, string Text, string Status, TurnUsage Usage, TurnTimings Timings, string? FinishReason = null);

public sealed record TurnErrorPayload(string Code, string Message, bool Retryable);
