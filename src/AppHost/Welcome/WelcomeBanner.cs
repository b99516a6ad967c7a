using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Dashboard;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Welcome;

/// <summary>Once every resource runs: where each listens, the Gateway URL, the dashboard and the development API key.</summary>
internal sealed partial class WelcomeBanner(
    DistributedApplicationModel model,
    ResourceNotifications notifications,
    ProjectResource gateway,
    DevelopmentApiKey apiKey,
    DashboardServer dashboard,
    ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger logger = loggerFactory.CreateLogger("apphost");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var self = Process.GetCurrentProcess();
        LogHeading((DateTime.Now - self.StartTime).TotalSeconds);
        foreach (var resource in model.ProcessResources)
        {
            var address = resource switch
            {
                IResourceWithServiceDiscovery service => service.HttpUrl.ToString().TrimEnd('/'),
                _ => string.Join(", ", resource.Endpoints.Select(endpoint => $"127.0.0.1:{endpoint.Port}")),
            };
            LogResource(resource.Name, address, notifications.Current(resource.Name)?.ProcessId ?? 0);
        }

        LogGateway(gateway.HttpUrl.ToString().TrimEnd('/'));
        if (dashboard.ExternalOtlpEndpoint is { } external)
        {
            LogDashboardWithoutTelemetry(dashboard.Url.ToString().TrimEnd('/'), external);
        }
        else
        {
            LogDashboard(dashboard.Url.ToString().TrimEnd('/'));
        }

        LogApiKey(apiKey.Value);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Platform is running: every resource is up and every /health answers 200, {Seconds:0.0} s after this process started (./run.sh execs it, so that includes install and build).")]
    private partial void LogHeading(double seconds);

    [LoggerMessage(LogLevel.Information, "  {Resource,-16} {Address,-32} pid {Pid}")]
    private partial void LogResource(string resource, string address, int pid);

    [LoggerMessage(LogLevel.Information, "Gateway:             {Url}")]
    private partial void LogGateway(string url);

    [LoggerMessage(LogLevel.Information, "Dashboard:           {Url}  (resources, console and structured logs, traces, latency metrics; services export OTLP to it)")]
    private partial void LogDashboard(string url);

    [LoggerMessage(LogLevel.Information, "Dashboard:           {Url}  (resources and console logs; services export their telemetry to OTEL_EXPORTER_OTLP_ENDPOINT={Endpoint} instead)")]
    private partial void LogDashboardWithoutTelemetry(string url, string endpoint);

    [LoggerMessage(LogLevel.Information, "Development API key: {ApiKey}  (send it as 'Authorization: Bearer <key>'; the web page needs none)")]
    private partial void LogApiKey(string apiKey);
}
