using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary><c>struct llama_sampler_chain_params</c>: one C <c>bool</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    public byte NoPerf;
}
