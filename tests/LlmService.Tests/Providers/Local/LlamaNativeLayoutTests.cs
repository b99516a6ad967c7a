using System.Runtime.CompilerServices;
using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>The binding's structs against the llama.cpp that LLamaSharp.Backend.Cpu 0.30.0 ships, and that library's defaults read through them.</summary>
public sealed class LlamaNativeLayoutTests
{
    public LlamaNativeLayoutTests() => LlamaRuntime.Load();

    [Fact]
    public void StructSizesMatchTheHeaderOfThisLlamaCppBuild()
    {
        Assert.Equal(72, Unsafe.SizeOf<LlamaModelParams>());
        Assert.Equal(160, Unsafe.SizeOf<LlamaContextParams>());
        Assert.Equal(56, Unsafe.SizeOf<LlamaBatch>());
        Assert.Equal(16, Unsafe.SizeOf<LlamaChatMessage>());
    }

    [Fact]
    public void ContextDefaultsReadThroughTheLayoutAreLlamaCppsDefaults()
    {
        var defaults = LlamaNative.ContextDefaultParams();

        Assert.Equal(512u, defaults.ContextSize);
        Assert.Equal(2048u, defaults.BatchSize);
        Assert.Equal(512u, defaults.MicroBatchSize);
        Assert.Equal(1u, defaults.MaxSequences);
        Assert.Equal(4, defaults.Threads);
        Assert.Equal(4, defaults.BatchThreads);
        Assert.Equal(-1, defaults.RopeScalingType);
        Assert.Equal(-1f, defaults.YarnExtensionFactor);
        Assert.Equal(-1f, defaults.DefragmentThreshold);
        Assert.Equal(1, defaults.KeyCacheType);
        Assert.Equal(1, defaults.ValueCacheType);
        Assert.Equal(0, defaults.Embeddings);
        Assert.Equal(1, defaults.OffloadKqv);
        Assert.Equal(1, defaults.NoPerf);
        Assert.Equal(1, defaults.SlidingWindowFull);
        Assert.Equal(0, defaults.UnifiedKvCache);
        Assert.Equal(0, defaults.Samplers);
        Assert.Equal(0u, defaults.SamplerCount);
        Assert.Equal(0, defaults.OtherContext);
    }

    [Fact]
    public void ModelDefaultsReadThroughTheLayoutAreLlamaCppsDefaults()
    {
        var defaults = LlamaNative.ModelDefaultParams();

        Assert.Equal(-1, defaults.GpuLayers);
        Assert.Equal(1, defaults.SplitMode);
        Assert.Equal(1, defaults.LoadMode);
        Assert.Equal(0, defaults.MainGpu);
        Assert.Equal(0, defaults.VocabOnly);
        Assert.Equal(1, defaults.UseExtraBufferTypes);
        Assert.Equal(0, defaults.LoadMtp);
    }
}
