using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.LlmService.Providers;
using Platform.ServiceDefaults.Readiness;
using Platform.Testing;

namespace Platform.LlmService.Benchmarks;

/// <summary>LlmService (with its job consumers when a broker is given) in this process on a free loopback port, with stories260K.</summary>
internal sealed class BenchmarkService : InProcessService
{
    private BenchmarkService(WebApplication app)
        : base(app)
    {
    }

    public ILlmProvider Provider => Services.GetRequiredService<ILlmProvider>();

    public ServiceReadiness Readiness => Services.GetRequiredService<ServiceReadiness>();

    public static async Task<BenchmarkService> StartAsync(int threads, string? messaging = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var root = FindRoot();
        var settings = new Dictionary<string, string?>
        {
            ["Llm:ModelPath"] = Path.Combine(root, "models", "stories260K.gguf"),
            ["Llm:Threads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:messaging"] = messaging,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = Build<LlmGrpcService>("LlmService", settings, builder =>
        {
            builder.AddLlm();
            builder.AddJobs();
        });
        var service = new BenchmarkService(await StartAsync(app, CancellationToken.None));
        var state = await service.Readiness.Settled;
        if (state.Phase != ReadinessPhase.Ready)
        {
            throw new InvalidOperationException($"The model did not become ready: {state.Failure}");
        }

        return service;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
