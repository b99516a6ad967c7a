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
            LogReady(logger, (DateTime.Now - self.StartTime).TotalSeconds, gateway.GetEndpoint("http").Url, dashboard, apiKey.Value);
            return Task.CompletedTask;
        });
        return builder;
    }

    [LoggerMessage(LogLevel.Information, """
        Platform is running: every resource is up and healthy, {Seconds:0.0} s after the AppHost started.
              Gateway:             {Url}  (open it in a browser for the web page)
              Dashboard:           {Dashboard}  (resources and health, console and structured logs, traces, metrics)
              Development API key: {ApiKey}  (send it as 'Authorization: Bearer <key>'; the web page needs none)
        """)]
    private static partial void LogReady(ILogger logger, double seconds, string url, string dashboard, string apiKey);
}
