using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Grpc.Client;
using Platform.TtsService.Synthesis;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Tests;

/// <summary>
/// TtsService as Program.cs builds it, in this process on a free loopback port, on the real flite and espeak-ng
/// libraries, plus a gRPC channel to it.
/// </summary>
public sealed class TtsServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TtsServer(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.Single());
        Channel = new GrpcChannel(Address);
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public VoiceStatus Status => app.Services.GetRequiredService<VoiceStatus>();

    public VoiceCatalog Catalog => Status.Catalog ?? throw new InvalidOperationException("The voices are not loaded.");

    /// <summary>host:port, as a python peer wants it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    /// <summary>Starts the service with the given settings and waits until its voices are warm.</summary>
    public static async Task<TtsServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var app = Build(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var server = new TtsServer(app);
        var state = await server.Status.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(state.Phase == VoicePhase.Ready, $"The voices did not become ready: {state.Failure}");
        return server;
    }

    public static WebApplication Build(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "TtsService" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        builder.AddTts();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<TtsGrpcService>();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
