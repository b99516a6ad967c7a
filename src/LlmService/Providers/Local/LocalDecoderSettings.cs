namespace Platform.LlmService.Providers.Local;

/// <summary>
/// The shape of the llama.cpp context: per-sequence context, how many sequences decode together and how many of them
/// background work may hold, threads, queue bound, and whether attention uses llama.cpp's flash attention kernel.
/// </summary>
internal sealed record LocalDecoderSettings(int ContextSize, int ParallelSequences, int Threads, int QueueCapacity, int BackgroundSequences = 1, bool FlashAttention = false);
