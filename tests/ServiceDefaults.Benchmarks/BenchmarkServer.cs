using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.GrpcInteropHost;

namespace Platform.ServiceDefaults.Benchmarks;

/// <summary>The Interop service on a free loopback port, configured as a service would be, minus console logging.</summary>
internal sealed class BenchmarkServer(WebApplication app) : IAsyncDisposable
{
    public const string RawPath = "/raw";

    /// <summary>The size of an Echo request for "ping" on the wire: a 5-byte frame header and 6 bytes of message.</summary>
    public static readonly byte[] RawBody = new byte[11];

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
        app.MapPost(RawPath, async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await context.Response.Body.WriteAsync(RawBody);
        });
        await app.StartAsync();
        return new BenchmarkServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
