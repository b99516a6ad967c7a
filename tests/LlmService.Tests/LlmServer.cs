using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.LlmService.Generation;
using Platform.LlmService.Providers;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.LlmService.Tests;

/// <summary>
/// LlmService as Program.cs builds it, in this process on a free loopback port, by default on the real llama.cpp
/// runtime with stories260K, plus a gRPC channel to it.
/// </summary>
public sealed class LlmServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LlmServer(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.Single());
        Channel = new GrpcChannel(Address);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => app.Services;

    public ILlmProvider Provider => app.Services.GetRequiredService<ILlmProvider>();

    public ModelStatus Status => app.Services.GetRequiredService<ModelStatus>();

    /// <summary>host:port, as a python peer wants it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    public static Dictionary<string, string?> LocalSettings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "local",
            ["Llm:ModelPath"] = RepositoryPaths.StoriesModel,
            ["Llm:NativeLibraryPath"] = RepositoryPaths.NativeLibraryDirectory,
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
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "LlmService" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Configuration.AddInMemoryCollection(settings ?? LocalSettings());

        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        builder.AddLlm();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<LlmGrpcService>();
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var server = new LlmServer(app);
        if (waitUntilReady)
        {
            var state = await server.Status.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(state.Phase == ModelPhase.Ready, $"The model did not become ready: {state.Failure}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
