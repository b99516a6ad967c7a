using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// <c>struct llama_context_params</c> of the llama.cpp that LLamaSharp.Backend.Cpu 0.30.0 ships (commit c0c7e147), 160
/// bytes, checked against the library's own defaults (<c>LlamaNativeLayoutTests</c>). C <c>bool</c> fields are bytes
/// so the struct stays blittable and can be passed and returned by value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_DISABLED</c>, for <see cref="FlashAttentionType"/>.</summary>
    public const int FlashAttentionDisabled = 0;

    /// <summary><c>LLAMA_FLASH_ATTN_TYPE_ENABLED</c>, for <see cref="FlashAttentionType"/>.</summary>
    public const int FlashAttentionEnabled = 1;

    public uint ContextSize;
    public uint BatchSize;
    public uint MicroBatchSize;
    public uint MaxSequences;
    public uint RecurrentStateSnapshots;
    public uint MaxOutputs;
    public int Threads;
    public int BatchThreads;
    public int ContextType;
    public int RopeScalingType;
    public int PoolingType;
    public int AttentionType;
    public int FlashAttentionType;
    public float RopeFrequencyBase;
    public float RopeFrequencyScale;
    public float YarnExtensionFactor;
    public float YarnAttentionFactor;
    public float YarnBetaFast;
    public float YarnBetaSlow;
    public uint YarnOriginalContext;
    public float DefragmentThreshold;
    public nint EvalCallback;
    public nint EvalCallbackUserData;
    public int KeyCacheType;
    public int ValueCacheType;
    public nint AbortCallback;
    public nint AbortCallbackData;
    public byte Embeddings;
    public byte OffloadKqv;
    public byte NoPerf;
    public byte OperationOffload;
    public byte SlidingWindowFull;
    public byte UnifiedKvCache;
    public nint Samplers;
    public nuint SamplerCount;
    public nint OtherContext;
}
