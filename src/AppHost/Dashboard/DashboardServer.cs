using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Hosting;

namespace Platform.AppHost.Dashboard;

/// <summary>
/// Runs the dashboard for the AppHost's whole life. It listens before any resource launches (lifecycle "starting"),
/// so a service's first spans and logs already have somewhere to go, and stops after every resource has stopped, so
/// their last export is received too.
/// </summary>
public sealed partial class DashboardServer(IServiceProvider services, ResourceEndpoint endpoint, DistributedApplicationOptions application, ILoggerFactory loggerFactory)
    : IHostedLifecycleService, IAsyncDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger("apphost");
    private WebApplication? app;

    /// <summary>The OTLP endpoint the AppHost was given, where the services export instead of to the dashboard; null: none.</summary>
    public string? ExternalOtlpEndpoint { get; init; }

    /// <summary>Where the dashboard listens and where services export OTLP/HTTP; known once the AppHost starts.</summary>
    public Uri Url => new($"http://127.0.0.1:{endpoint.Port.Invariant()}");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var reservation = application.Ports.Reserve(endpoint.PreferredPort);
        if (reservation.PreferredWasTaken)
        {
            LogPortTaken(endpoint.PreferredPort ?? 0, reservation.Port);
        }

        endpoint.Assign(reservation.Port);
        app = DashboardApplication.Build(services, reservation.Port);
        await app.StartAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }

        if (endpoint.IsAllocated)
        {
            application.Ports.Release(endpoint.Port);
        }
    }

    [LoggerMessage(LogLevel.Warning, "dashboard: port {Wanted} is in use by another program; using port {Port} instead (PLATFORM_DASHBOARD_PORT fixes it)")]
    private partial void LogPortTaken(int wanted, int port);
}
