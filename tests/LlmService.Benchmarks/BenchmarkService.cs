using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Benchmarks;

/// <summary>LlmService as Program.cs builds it (with its job consumers when a broker is given), in this process on a free loopback port, with stories260K.</summary>
internal sealed class BenchmarkService : IAsyncDisposable
{
    private readonly WebApplication app;

    private BenchmarkService(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.Single());
    }

    public Uri Address { get; }

    public ILlmProvider Provider => app.Services.GetRequiredService<ILlmProvider>();

    public ModelStatus Status => app.Services.GetRequiredService<ModelStatus>();

    public static async Task<BenchmarkService> StartAsync(int threads, string? messaging = null)
    {
        var root = FindRoot();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "LlmService" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:ModelPath"] = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", "stories260K.gguf")),
            ["Llm:NativeLibraryPath"] = Path.Combine(root, LlamaLibrary.RepositoryRelativeDirectory),
            ["Llm:Threads"] = threads.ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:messaging"] = messaging,
        });
        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        builder.AddLlm();
        builder.AddJobs();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<LlmGrpcService>();
        await app.StartAsync();
        var service = new BenchmarkService(app);
        var state = await service.Status.Settled;
        if (state.Phase != ModelPhase.Ready)
        {
            throw new InvalidOperationException($"The model did not become ready: {state.Failure}");
        }

        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
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
