using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Platform.LlmService.Providers.Local.Native;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// Owns the llama.cpp context and its one decoding thread. Up to <c>ParallelSequences</c> requests hold a sequence
/// slot at once; each step decodes the next token of every one of them in a single batch. Free slots go to waiting
/// requests, interactive before background; background work holds at most <c>BackgroundSequences</c> slots and never
/// the last free one, so a person's request joins the very next step instead of waiting for a job to finish. A step
/// that decodes only background work is stopped midway when a person's request arrives, and decoded again with it.
/// A cancelled request is dropped before the next step, so at most the token already being decoded is spent on it.
/// A request with a cache key starts from its conversation's kept KV state (<see cref="PromptCache"/>): only the
/// prompt tokens after the longest prefix it shares with the last turn are decoded, and when it ends, finished or
/// cancelled, its sequence's state is kept for the next turn.
/// </summary>
internal sealed unsafe partial class BatchedDecoder : IDisposable
{
    private readonly LlamaModel model;
    private readonly ILogger logger;
    private readonly PriorityWorkQueue<LocalGeneration> queue;
    private readonly Stack<int> freeSequences = new();
    private readonly List<LocalGeneration> active = [];
    private readonly Thread thread;
    private readonly int parallel;
    private readonly int backgroundLimit;
    private readonly int batchCapacity;
    private readonly nint memory;
    private readonly PromptCache? cache;
    private nint context;
    private LlamaBatch batch;
    private byte[] pieceBuffer = new byte[128];
    private volatile bool stopping;

    // Read by llama.cpp's abort callback between operations: [0] the step in flight decodes only background work,
    // [1] a person's request has arrived since it began. Native memory, so the callback needs no handle to this object.
    private readonly int* preemption;
    private volatile bool backgroundOnlyStep;

    public BatchedDecoder(LlamaModel model, LocalDecoderSettings settings, ILogger logger, PromptCache? cache = null)
    {
        this.model = model;
        this.logger = logger;
        this.cache = cache;
        parallel = settings.ParallelSequences;
        backgroundLimit = parallel == 1 ? 1 : Math.Clamp(settings.BackgroundSequences, 1, parallel - 1);
        queue = new PriorityWorkQueue<LocalGeneration>(settings.QueueCapacity);

        var parameters = LlamaNative.ContextDefaultParams();
        parameters.ContextSize = (uint)(settings.ContextSize * parallel);
        parameters.BatchSize = (uint)Math.Max(settings.ContextSize, 512);
        parameters.MaxSequences = (uint)parallel;
        parameters.Threads = settings.Threads;
        parameters.BatchThreads = settings.Threads;
        parameters.NoPerf = 1;
        parameters.FlashAttentionType = settings.FlashAttention ? LlamaContextParams.FlashAttentionEnabled : LlamaContextParams.FlashAttentionDisabled;
        context = LlamaNative.InitFromModel(model.Handle, parameters);
        if (context == 0)
        {
            throw new InvalidOperationException(
                $"llama.cpp could not create a context of {settings.ContextSize} tokens x {parallel} sequences; lower 'Llm:ContextSize' or 'Llm:ParallelSequences'.");
        }

        SequenceContext = (int)LlamaNative.SequenceContextSize(context);
        batchCapacity = (int)LlamaNative.BatchSize(context);
        batch = LlamaNative.BatchInit(batchCapacity, 0, 1);
        memory = LlamaNative.GetMemory(context);
        for (var sequence = parallel - 1; sequence >= 0; sequence--)
        {
            freeSequences.Push(sequence);
        }

        preemption = (int*)NativeMemory.AllocZeroed(2, sizeof(int));
        LlamaNative.SetAbortCallback(context, &PreemptionRequested, preemption);

        thread = new Thread(Run) { IsBackground = true, Name = "llama.cpp decoder" };
        thread.Start();
    }

    /// <summary>Tokens each sequence may hold: prompt plus completion.</summary>
    public int SequenceContext { get; }

    public int Waiting => queue.Count;

    /// <summary>The conversations' kept KV states; null when the cache is off.</summary>
    public PromptCache? PromptCache => cache;

    /// <summary>The most sequences decoded in one step so far.</summary>
    public int LargestBatch { get; private set; }

    /// <summary>Background-only steps stopped midway, or not begun, so that a person's request could join at once.</summary>
    public long Preemptions { get; private set; }

    /// <exception cref="GenerationRejectedException">The queue is full.</exception>
    public void Submit(LocalGeneration generation)
    {
        queue.Enqueue(generation, generation.Priority);
        if (generation.Priority == GenerationPriority.Interactive)
        {
            // Pairs with the barrier in DecodeStep: either the step sees this request queued, or this sees the step.
            Interlocked.MemoryBarrier();
            if (backgroundOnlyStep)
            {
                Volatile.Write(ref preemption[1], 1);
            }
        }
    }

    /// <summary>Gives up a request: one still waiting leaves the queue now, one decoding stops before the next step.</summary>
    public void Withdraw(LocalGeneration generation)
    {
        generation.Cancel();
        if (queue.TryRemove(generation))
        {
            generation.Finish(LocalGeneration.Cancelled);
        }
    }

    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        stopping = true;
        foreach (var waiting in queue.Close())
        {
            waiting.Fail(GenerationRejectedException.ShuttingDown());
        }

        thread.Join();
        LlamaNative.BatchFree(batch);
        batch = default;
        LlamaNative.ContextFree(Interlocked.Exchange(ref context, 0));
        NativeMemory.Free(preemption);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte PreemptionRequested(void* state)
    {
        var flags = (int*)state;
        return (byte)(Volatile.Read(ref flags[0]) & Volatile.Read(ref flags[1]));
    }

    private void Run()
    {
        while (!stopping)
        {
            try
            {
                AdmitWaiting();
                if (active.Count > 0)
                {
                    Step();
                }
            }
#pragma warning disable CA1031 // The decoder thread must survive any one request's failure.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogDecodeFailure(logger, ex);
                foreach (var generation in active.ToList())
                {
                    Release(generation);
                    generation.Fail(ex);
                }
            }
        }

        foreach (var generation in active.ToList())
        {
            Release(generation);
            generation.Fail(GenerationRejectedException.ShuttingDown());
        }
    }

    private void AdmitWaiting()
    {
        while (active.Count < parallel && !stopping && queue.TryDequeue(wait: active.Count == 0, out var next, includeBackground: BackgroundMayStart()))
        {
            if (next!.IsCancellationRequested)
            {
                next.Finish(LocalGeneration.Cancelled);
                continue;
            }

            Admit(next);
        }
    }

    private bool BackgroundMayStart()
    {
        var background = 0;
        foreach (var generation in active)
        {
            if (generation.Priority == GenerationPriority.Background)
            {
                background++;
            }
        }

        return background < backgroundLimit;
    }

    private void Admit(LocalGeneration generation)
    {
        generation.Sequence = freeSequences.Pop();
        generation.Position = 0;
        active.Add(generation);
        try
        {
            var prompt = generation.PromptTokens;
            generation.CachedTokens = Restore(generation);
            generation.Publish(new GenerationStarted(prompt.Length, Stopwatch.GetElapsedTime(generation.EnqueuedAt), generation.CachedTokens));
            generation.Sampler = new SamplerChain(generation.Sampling);
            var lastIndex = 0;
            for (var start = generation.CachedTokens; start < prompt.Length; start += batchCapacity)
            {
                var count = Math.Min(batchCapacity, prompt.Length - start);
                for (var i = 0; i < count; i++)
                {
                    var last = start + i == prompt.Length - 1;
                    Put(i, prompt[start + i], start + i, generation.Sequence, last);
                }

                batch.TokenCount = count;
                Decode();
                lastIndex = count - 1;
            }

            generation.Position = prompt.Length;
            if (cache is not null && generation.CacheKey is not null)
            {
                generation.DecodedTokens = [.. prompt];
            }

            Accept(generation, generation.Sampler.Sample(context, lastIndex));
        }
#pragma warning disable CA1031 // One request's failure must not end the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Release(generation);
            generation.Fail(ex);
        }
    }

    private void Step()
    {
        foreach (var generation in active.ToList())
        {
            if (generation.IsCancellationRequested)
            {
                Complete(generation, LocalGeneration.Cancelled);
            }
        }

        if (active.Count == 0)
        {
            return;
        }

        for (var i = 0; i < active.Count; i++)
        {
            var generation = active[i];
            generation.BatchIndex = i;
            Put(i, generation.NextToken, generation.Position, generation.Sequence, logits: true);
        }

        batch.TokenCount = active.Count;
        LargestBatch = Math.Max(LargestBatch, active.Count);
        if (!DecodeStep())
        {
            Preemptions++;
            return;
        }

        foreach (var generation in active.ToList())
        {
            generation.DecodedTokens?.Add(generation.NextToken);
            generation.Position++;
            Accept(generation, generation.Sampler!.Sample(context, generation.BatchIndex));
        }
    }

    private void Accept(LocalGeneration generation, int token)
    {
        if (model.IsEndOfGeneration(token))
        {
            Complete(generation, LocalGeneration.Stop);
            return;
        }

        generation.CountToken();
        var length = model.TokenBytes(token, pieceBuffer);
        if (length < 0)
        {
            pieceBuffer = new byte[-length];
            length = model.TokenBytes(token, pieceBuffer);
        }

        var text = generation.StopFilter.Push(generation.Utf8.Append(pieceBuffer.AsSpan(0, Math.Max(0, length))), out var stopped);
        if (text.Length > 0)
        {
            generation.Publish(new GeneratedText(text));
        }

        if (stopped)
        {
            Complete(generation, LocalGeneration.Stop);
        }
        else if (generation.CompletionTokens >= generation.MaxTokens || generation.Position >= SequenceContext)
        {
            Complete(generation, LocalGeneration.Length);
        }
        else
        {
            generation.NextToken = token;
        }
    }

    /// <summary>Ends a generation that decoded every token it was given, so its sequence's state is worth keeping.</summary>
    private void Complete(LocalGeneration generation, string reason)
    {
        if (reason == LocalGeneration.Cancelled)
        {
            ForgetReply(generation);
        }

        Keep(generation);
        Release(generation);
        generation.Finish(reason);
    }

    /// <summary>
    /// Loads the conversation's kept state into the generation's sequence and removes what the new prompt does not
    /// share with it; returns how many prompt tokens need no decoding.
    /// </summary>
    private int Restore(LocalGeneration generation)
    {
        if (cache is null || generation.CacheKey is null || cache.Take(generation.CacheKey) is not { } kept)
        {
            return 0;
        }

        // The prompt's last token is always decoded again: its logits choose the first token of the reply.
        var reused = Math.Min(kept.CommonPrefix(generation.PromptTokens), generation.PromptTokens.Length - 1);
        if (reused <= 0)
        {
            return 0;
        }

        fixed (byte* state = kept.State)
        {
            if (LlamaNative.StateSequenceSet(context, state, (nuint)kept.State.Length, generation.Sequence) == 0)
            {
                LlamaNative.MemorySequenceRemove(memory, generation.Sequence, -1, -1);
                return 0;
            }
        }

        LlamaNative.MemorySequenceRemove(memory, generation.Sequence, reused, -1);
        return reused;
    }

    /// <summary>
    /// A cancelled turn keeps only its prompt's state. What it generated is stored cut where the person stopped it
    /// (a barge-in keeps what was heard), so the next prompt rarely carries those tokens; and how many of them were
    /// decoded depends on when the cancel was noticed, which would make the next turn's arithmetic, and so its
    /// greedy text, depend on timing.
    /// </summary>
    private void ForgetReply(LocalGeneration generation)
    {
        if (generation.DecodedTokens is { } tokens && tokens.Count > generation.PromptTokens.Length)
        {
            LlamaNative.MemorySequenceRemove(memory, generation.Sequence, generation.PromptTokens.Length, -1);
            tokens.RemoveRange(generation.PromptTokens.Length, tokens.Count - generation.PromptTokens.Length);
        }
    }

    /// <summary>Saves the sequence's KV state, with the tokens it holds, as the conversation's state for its next turn.</summary>
    private void Keep(LocalGeneration generation)
    {
        if (cache is null || generation.CacheKey is null || generation.DecodedTokens is not { } tokens || !active.Contains(generation))
        {
            return;
        }

        var size = LlamaNative.StateSequenceSize(context, generation.Sequence);
        if (size == 0 || (long)size > cache.MaxBytes)
        {
            return;
        }

        var state = new byte[size];
        fixed (byte* destination = state)
        {
            if (LlamaNative.StateSequenceGet(context, destination, size, generation.Sequence) != size)
            {
                return;
            }
        }

        cache.Store(new CachedPrompt(generation.CacheKey, [.. tokens], state, generation.Priority));
    }

    /// <summary>Frees the request's slot, its KV cache cells and its sampler.</summary>
    private void Release(LocalGeneration generation)
    {
        if (!active.Remove(generation))
        {
            return;
        }

        LlamaNative.MemorySequenceRemove(memory, generation.Sequence, -1, -1);
        freeSequences.Push(generation.Sequence);
        generation.Sampler?.Dispose();
        generation.Sampler = null;
    }

    private void Put(int index, int token, int position, int sequence, bool logits)
    {
        batch.Tokens[index] = token;
        batch.Positions[index] = position;
        batch.SequenceIdCounts[index] = 1;
        batch.SequenceIds[index][0] = sequence;
        batch.Logits[index] = logits ? (sbyte)1 : (sbyte)0;
    }

    /// <summary>Decodes the step's batch; false when a person's request stopped a background-only step, which then decodes nothing.</summary>
    private bool DecodeStep()
    {
        // Only a step that leaves a slot free is worth stopping: the person's request must be able to take it.
        var preemptible = active.Count < parallel && active.TrueForAll(generation => generation.Priority == GenerationPriority.Background);
        if (!preemptible)
        {
            Decode();
            return true;
        }

        backgroundOnlyStep = true;
        Volatile.Write(ref preemption[1], 0);
        Interlocked.MemoryBarrier();
        if (queue.HasInteractive)
        {
            backgroundOnlyStep = false;
            return false;
        }

        Volatile.Write(ref preemption[0], 1);
        try
        {
            var result = LlamaNative.Decode(context, batch);
            if (result == 2)
            {
                return false;
            }

            ThrowOnFailure(result);
            return true;
        }
        finally
        {
            Volatile.Write(ref preemption[0], 0);
            backgroundOnlyStep = false;
        }
    }

    private void Decode() => ThrowOnFailure(LlamaNative.Decode(context, batch));

    private void ThrowOnFailure(int result)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"llama_decode failed with {result} for a batch of {batch.TokenCount} tokens.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Decoding failed; the requests in the batch end with an error.")]
    private static partial void LogDecodeFailure(ILogger logger, Exception exception);
}
