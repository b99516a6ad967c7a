using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Dashboard;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Welcome;

public static class WelcomeBannerExtensions
{
    /// <summary>Prints where everything is once every resource runs (hosted services start after the orchestrator's start completes).</summary>
    public static DistributedApplicationBuilder PrintWelcomeWhenRunning(
        this DistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> gateway, DevelopmentApiKey apiKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(gateway);
        builder.Services.AddHostedService(services => new WelcomeBanner(
            builder.Model,
            services.GetRequiredService<ResourceNotifications>(),
            gateway.Resource,
            apiKey,
            services.GetRequiredService<DashboardServer>(),
            services.GetRequiredService<ILoggerFactory>()));
        return builder;
    }
}
