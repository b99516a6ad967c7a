using Microsoft.Extensions.Logging.Abstractions;
using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>The real llama.cpp runtime that LLamaSharp.Backend.Cpu puts in the build output, loaded once into the test process.</summary>
public static class LlamaRuntime
{
    public static void Load() => LlamaLibrary.EnsureLoaded(LlamaLibrary.ResolveDirectory(null), NullLogger.Instance);
}
