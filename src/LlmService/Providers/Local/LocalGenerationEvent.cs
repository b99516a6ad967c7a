namespace Platform.LlmService.Providers.Local;

/// <summary>What the decoder tells the caller of one generation, in order: started, text pieces, finished.</summary>
internal abstract record LocalGenerationEvent;

/// <summary>
/// The request got a sequence slot after waiting <paramref name="QueueTime"/>; <paramref name="CachedTokens"/> of its
/// prompt came from the conversation's kept state and were not decoded again.
/// </summary>
internal sealed record GenerationStarted(int PromptTokens, TimeSpan QueueTime, int CachedTokens) : LocalGenerationEvent;

/// <summary>Text decoded since the last event: whole characters only, stop sequences removed.</summary>
internal sealed record GeneratedText(string Text) : LocalGenerationEvent;

/// <summary>The generation ended: stop (end of generation or a stop sequence), length, or cancelled.</summary>
internal sealed record GenerationFinished(string FinishReason, int CompletionTokens) : LocalGenerationEvent;
