using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Dashboard;

namespace Platform.AppHost.Welcome;

public static partial class WelcomeBannerExtensions
{
    /// <summary>
    /// Once the Gateway is healthy (it waits for everything else): the Gateway URL, the dashboard URL and the
    /// development API key, and how long the start took.
    /// </summary>
    public static IDistributedApplicationBuilder PrintWelcomeWhenReady(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, DevelopmentApiKey apiKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(apiKey);
        var dashboard = builder.DashboardUrl().ToString().TrimEnd('/');
        builder.Eventing.Subscribe<ResourceReadyEvent>(gateway.Resource, (ready, _) =>
        {
            var logger = ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.AppHost");
            using var self = Process.GetCurrentProcess();
            LogReady(logger, (DateTime.Now - self.StartTime).TotalSeconds);
            LogGateway(logger, gateway.GetEndpoint("http").Url);
            LogDashboard(logger, dashboard);
            LogApiKey(logger, apiKey.Value);
            return Task.CompletedTask;
        });
        return builder;
    }

    [LoggerMessage(LogLevel.Information, "Platform is running: every resource is up and healthy, {Seconds:0.0} s after the AppHost started.")]
    private static partial void LogReady(ILogger logger, double seconds);

    [LoggerMessage(LogLevel.Information, "Gateway:             {Url}  (open it in a browser for the web page)")]
    private static partial void LogGateway(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "Dashboard:           {Url}  (resources and health, console and structured logs, traces, metrics)")]
    private static partial void LogDashboard(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "Development API key: {ApiKey}  (send it as 'Authorization: Bearer <key>'; the web page needs none)")]
    private static partial void LogApiKey(ILogger logger, string apiKey);
}
