using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Grpc.Client;
using Platform.SttService.Recognition;

namespace Platform.SttService.Tests;

/// <summary>
/// SttService as Program.cs builds it, in this process on a free loopback port, on the real pocketsphinx decoders
/// and Debian's en-us model, plus a gRPC channel to it.
/// </summary>
public sealed class SttServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SttServer(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.Single());
        // Audio requests run to tens of megabytes, past the channel's default 4 MiB send limit.
        Channel = new GrpcChannel(Address, new GrpcChannelOptions { MaxSendMessageSize = 128 * 1024 * 1024 });
    }

    public Uri Address { get; }

    public GrpcChannel Channel { get; }

    public DecoderStatus Status => app.Services.GetRequiredService<DecoderStatus>();

    internal DecoderPool Pool => app.Services.GetRequiredService<DecoderPool>();

    /// <summary>host:port, as a python peer wants it.</summary>
    public string Target => $"{Address.Host}:{Address.Port}";

    /// <summary>Builds the service with the given settings; unless told otherwise, starts it and waits until its decoders are warm.</summary>
    public static async Task<SttServer> StartAsync(IDictionary<string, string?>? settings = null, bool waitUntilReady = true)
    {
        var app = Build(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var server = new SttServer(app);
        if (waitUntilReady)
        {
            var state = await server.Status.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(state.Phase == DecoderPhase.Ready, $"The decoders did not become ready: {state.Failure}");
        }

        return server;
    }

    public static WebApplication Build(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "SttService" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());

        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        builder.AddStt();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<SttGrpcService>();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
