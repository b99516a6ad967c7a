using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Readiness;
using Platform.Testing;
using Platform.Testing.Grpc;
using Platform.TtsService.OpenAI;
using Platform.TtsService.Synthesis;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Tests;

/// <summary>TtsService in this process on the real flite and espeak-ng libraries, plus a gRPC channel to it.</summary>
public sealed class TtsServer : InProcessService
{
    private TtsServer(WebApplication app)
        : base(app)
    {
    }

    public ServiceReadiness Readiness => Services.GetRequiredService<ServiceReadiness>();

    public VoiceCatalog Catalog => Services.GetRequiredService<VoiceWarmUp>().Catalog ?? throw new InvalidOperationException("The voices are not loaded.");

    /// <summary>Starts the service with the given settings and waits until its voices are warm.</summary>
    public static async Task<TtsServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var server = new TtsServer(await StartAsync(Build(settings), TestContext.Current.CancellationToken));
        var state = await server.Readiness.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.True(state.Phase == ReadinessPhase.Ready, $"The voices did not become ready: {state.Failure}");
        return server;
    }

    /// <summary>An HTTP/2 client for the service's OpenAI endpoint, which, as all its endpoints, speaks only h2c.</summary>
    public HttpClient CreateHttpClient() => new(Http2Handler.Create())
    {
        BaseAddress = Address,
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>The service as its Program.cs builds it: the gRPC service and OpenAI's speech endpoint.</summary>
    public static WebApplication Build(IDictionary<string, string?>? settings = null)
    {
        var app = Build<TtsGrpcService>("TtsService", settings, builder => builder.AddTts());
        app.MapOpenAI();
        return app;
    }
}
