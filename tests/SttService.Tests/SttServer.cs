using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.SttService.Recognition;
using Platform.ServiceDefaults.Readiness;
using Platform.Testing;

namespace Platform.SttService.Tests;

/// <summary>SttService in this process on the real pocketsphinx decoders and Debian's en-us model, plus a gRPC channel to it.</summary>
public sealed class SttServer : InProcessService
{
    private SttServer(WebApplication app)
        // Audio requests run to tens of megabytes, past the channel's default 4 MiB send limit.
        : base(app, maxSendMessageSize: 128 * 1024 * 1024)
    {
    }

    public ServiceReadiness Readiness => Services.GetRequiredService<ServiceReadiness>();

    internal DecoderPool Pool => Services.GetRequiredService<DecoderPool>();

    /// <summary>Builds the service with the given settings; unless told otherwise, starts it and waits until all its decoders are warm.</summary>
    public static async Task<SttServer> StartAsync(IDictionary<string, string?>? settings = null, bool waitUntilReady = true)
    {
        var server = new SttServer(await StartAsync(Build(settings), TestContext.Current.CancellationToken));
        if (waitUntilReady)
        {
            var state = await server.Readiness.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
            Assert.True(state.Phase == ReadinessPhase.Ready, $"The decoders did not become ready: {state.Failure}");
            await server.Pool.Full.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        }

        return server;
    }

    public static WebApplication Build(IDictionary<string, string?>? settings = null) =>
        Build<SttGrpcService>("SttService", settings, builder => builder.AddStt());
}
