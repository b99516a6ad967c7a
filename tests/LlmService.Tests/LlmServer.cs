using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.LlmService.Providers;
using Platform.ServiceDefaults.Readiness;
using Platform.Testing;

namespace Platform.LlmService.Tests;

/// <summary>LlmService in this process, by default on the real llama.cpp runtime with stories260K, plus a gRPC channel to it.</summary>
public sealed class LlmServer : InProcessService
{
    private LlmServer(WebApplication app)
        : base(app)
    {
    }

    public ILlmProvider Provider => Services.GetRequiredService<ILlmProvider>();

    public ServiceReadiness Readiness => Services.GetRequiredService<ServiceReadiness>();

    public static Dictionary<string, string?> LocalSettings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local",
            ["Llm:ModelPath"] = RepositoryLayout.StoriesModel,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts the service and, unless told otherwise, waits until its model is warm.</summary>
    public static async Task<LlmServer> StartAsync(IDictionary<string, string?>? settings = null, bool waitUntilReady = true, ILoggerProvider? logs = null)
    {
        var app = Build<LlmGrpcService>("LlmService", settings ?? LocalSettings(), builder => builder.AddLlm().AddJobs(), logs);
        var server = new LlmServer(await StartAsync(app, TestContext.Current.CancellationToken));
        if (waitUntilReady)
        {
            var state = await server.Readiness.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(state.Phase == ReadinessPhase.Ready, $"The model did not become ready: {state.Failure}");
        }

        return server;
    }
}
