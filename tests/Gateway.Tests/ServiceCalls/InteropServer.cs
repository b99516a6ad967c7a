using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.GrpcInteropHost;

namespace Platform.Gateway.Tests.ServiceCalls;

/// <summary>The Interop service on Grpc.AspNetCore, in this process, on a free loopback port.</summary>
public sealed class InteropServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private InteropServer(WebApplication app)
    {
        this.app = app;
        Address = new Uri(app.Urls.Single());
        Observer = app.Services.GetRequiredService<CallObserver>();
    }

    public Uri Address { get; }

    public CallObserver Observer { get; }

    public static async Task<InteropServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = "GrpcInteropHost" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddServiceDefaults();
        builder.AddInterop();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInterop();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new InteropServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
