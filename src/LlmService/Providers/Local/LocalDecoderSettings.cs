namespace Platform.LlmService.Providers.Local;

/// <summary>The shape of the llama.cpp context: per-sequence context, how many sequences decode together, threads, queue bound.</summary>
internal sealed record LocalDecoderSettings(int ContextSize, int ParallelSequences, int Threads, int QueueCapacity);
