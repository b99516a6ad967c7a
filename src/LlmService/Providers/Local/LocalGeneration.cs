using System.Diagnostics;
using System.Threading.Channels;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// One request to the local model: what to generate, the events that come back, and the decoding state that only the
/// decoder thread touches while the request holds a sequence slot.
/// </summary>
internal sealed class LocalGeneration
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string Cancelled = "cancelled";

    private readonly Channel<LocalGenerationEvent> events = Channel.CreateUnbounded<LocalGenerationEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int cancelled;
    private int completionTokens;
    private int completionTokensAtCancellation;

    public LocalGeneration(int[] promptTokens, SamplingSettings sampling, int maxTokens, IReadOnlyList<string> stops, GenerationPriority priority, string? cacheKey = null)
    {
        PromptTokens = promptTokens;
        CacheKey = cacheKey;
        Sampling = sampling;
        MaxTokens = maxTokens;
        Priority = priority;
        StopFilter = new StopSequenceFilter(stops);
        EnqueuedAt = Stopwatch.GetTimestamp();
    }

    public int[] PromptTokens { get; }

    public SamplingSettings Sampling { get; }

    public int MaxTokens { get; }

    public GenerationPriority Priority { get; }

    /// <summary>The conversation whose KV state this generation reuses and leaves behind; null for none.</summary>
    public string? CacheKey { get; }

    /// <summary>Leading prompt tokens taken from the conversation's kept state instead of decoded.</summary>
    public int CachedTokens { get; internal set; }

    public long EnqueuedAt { get; }

    public ChannelReader<LocalGenerationEvent> Events => events.Reader;

    /// <summary>Completes when the decoder has let go of the request: finished, failed or cancelled, its slot free.</summary>
    public Task Released => released.Task;

    public bool IsCancellationRequested => Volatile.Read(ref cancelled) == 1;

    public int CompletionTokens => Volatile.Read(ref completionTokens);

    /// <summary>Why the generation ended (stop, length or cancelled); null while it runs or when it failed.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>Tokens decoded between the cancellation request and the decoder noticing it.</summary>
    public int TokensAfterCancellation { get; private set; }

    internal int Sequence { get; set; } = -1;

    internal int Position { get; set; }

    internal int NextToken { get; set; }

    /// <summary>The tokens in the sequence's KV cache, one per position, when the generation keeps its state.</summary>
    internal List<int>? DecodedTokens { get; set; }

    internal int BatchIndex { get; set; }

    internal SamplerChain? Sampler { get; set; }

    internal Utf8TokenDecoder Utf8 { get; } = new();

    internal StopSequenceFilter StopFilter { get; }

    public void Cancel()
    {
        if (Interlocked.Exchange(ref cancelled, 1) == 0)
        {
            Volatile.Write(ref completionTokensAtCancellation, CompletionTokens);
        }
    }

    internal void CountToken() => Interlocked.Increment(ref completionTokens);

    internal void Publish(LocalGenerationEvent generationEvent) => events.Writer.TryWrite(generationEvent);

    internal void Finish(string reason)
    {
        if (reason == Cancelled)
        {
            TokensAfterCancellation = Math.Max(0, CompletionTokens - Volatile.Read(ref completionTokensAtCancellation));
        }
        else
        {
            var rest = StopFilter.Push(Utf8.Flush(), out _) + StopFilter.Flush();
            if (rest.Length > 0)
            {
                Publish(new GeneratedText(rest));
            }
        }

        FinishReason = reason;
        Publish(new GenerationFinished(reason, CompletionTokens));
        events.Writer.TryComplete();
        released.TrySetResult();
    }

    internal void Fail(Exception exception)
    {
        events.Writer.TryComplete(exception);
        released.TrySetResult();
    }
}
