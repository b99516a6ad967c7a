using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.GrpcInteropHost;

namespace Platform.ServiceDefaults.Benchmarks;

/// <summary>The Interop service on a free loopback port, configured as a service would be, minus console logging.</summary>
internal sealed class BenchmarkServer(WebApplication app) : IAsyncDisposable
{
    public Uri Address { get; } = new(app.Urls.Single());

    public static async Task<BenchmarkServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = "GrpcInteropHost" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddInterop();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapInterop();
        await app.StartAsync();
        return new BenchmarkServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
