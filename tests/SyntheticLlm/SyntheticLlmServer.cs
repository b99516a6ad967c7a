using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Testing.SyntheticLlm;

/// <summary>The synthetic token source on the project's gRPC transport, on a free loopback port in the test process.</summary>
public sealed class SyntheticLlmServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SyntheticLlmServer(WebApplication app, SyntheticLlmBehaviour behaviour)
    {
        this.app = app;
        Behaviour = behaviour;
        Address = new Uri(app.Urls.Single());
    }

    public Uri Address { get; }

    public SyntheticLlmBehaviour Behaviour { get; }

    public static async Task<SyntheticLlmServer> StartAsync(SyntheticLlmBehaviour? behaviour = null)
    {
        behaviour ??= new SyntheticLlmBehaviour();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["OTEL_SDK_DISABLED"] = "true";
        builder.AddServiceDefaults();
        builder.AddGrpcServer();
        builder.Services.AddSingleton(behaviour);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGrpcService<SyntheticLlmService>();
        await app.StartAsync();
        return new SyntheticLlmServer(app, behaviour);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
