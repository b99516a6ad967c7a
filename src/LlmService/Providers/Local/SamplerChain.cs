using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Providers.Local;

/// <summary>One request's llama.cpp sampler chain; it keeps state (the random generator), so each request has its own.</summary>
internal sealed class SamplerChain : IDisposable
{
    private nint handle;

    public SamplerChain(SamplingSettings settings)
    {
        handle = LlamaNative.SamplerChainInit(new LlamaSamplerChainParams { NoPerf = 1 });
        if (settings.IsGreedy)
        {
            LlamaNative.SamplerChainAdd(handle, LlamaNative.SamplerGreedy());
            return;
        }

        LlamaNative.SamplerChainAdd(handle, LlamaNative.SamplerTopK(settings.TopK));
        LlamaNative.SamplerChainAdd(handle, LlamaNative.SamplerTopP(settings.TopP, 1));
        LlamaNative.SamplerChainAdd(handle, LlamaNative.SamplerTemperature(settings.Temperature));
        LlamaNative.SamplerChainAdd(handle, LlamaNative.SamplerDistribution(settings.Seed == 0 ? LlamaNative.RandomSeed : settings.Seed));
    }

    /// <summary>Samples from the logits of batch entry <paramref name="index"/> and records the choice in the chain.</summary>
    public int Sample(nint context, int index) => LlamaNative.SamplerSample(handle, context, index);

    public void Dispose()
    {
        var chain = Interlocked.Exchange(ref handle, 0);
        if (chain != 0)
        {
            LlamaNative.SamplerFree(chain);
        }
    }
}
