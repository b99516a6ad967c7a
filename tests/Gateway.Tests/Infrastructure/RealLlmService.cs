using System.Diagnostics;
using Platform.Testing;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>LlmService from its build output, on the real llama.cpp runtime and stories260K, supervised like the AppHost does.</summary>
public static class RealLlmService
{
    public static async Task<ServiceFixture> StartAsync()
    {
        var service = new ServiceFixture("LlmService", new Dictionary<string, string>
        {
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = RepositoryPaths.StoriesModel,
            ["Llm__NativeLibraryPath"] = RepositoryPaths.LlamaRuntime,
        });
        await service.InitializeAsync();
        return service;
    }

    /// <summary>Ends the service's process at once, as <c>kill -9</c> does.</summary>
    public static void KillHard(this ServiceFixture service)
    {
        using var process = Process.GetProcessById(service.ProcessId);
        process.Kill();
    }
}
