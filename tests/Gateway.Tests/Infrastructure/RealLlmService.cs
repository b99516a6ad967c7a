using System.Diagnostics;
using Platform.Testing;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>LlmService from its build output, on the real llama.cpp runtime and stories260K, supervised like the AppHost does.</summary>
public static class RealLlmService
{
    /// <summary>
    /// Starts it and waits until its model is warm; <paramref name="environment"/> adds settings (telemetry export, say);
    /// <paramref name="unproxied"/> listens as one of several replicas does (<see cref="ServiceFixture"/>).
    /// </summary>
    public static async Task<ServiceFixture> StartAsync(IReadOnlyDictionary<string, string>? environment = null, bool unproxied = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            settings[name] = value;
        }

        var service = new ServiceFixture("LlmService", settings, unproxied);
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
