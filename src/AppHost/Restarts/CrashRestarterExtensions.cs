using Platform.AppHost.Restarts;

namespace Aspire.Hosting;

public static class CrashRestarterExtensions
{
    /// <summary>Every executable and project that exits unexpectedly is started again, per <see cref="RestartPolicy"/>.</summary>
    public static IDistributedApplicationBuilder RestartCrashedResources(this IDistributedApplicationBuilder builder, RestartPolicy? policy = null)
    {
        if (!builder.ExecutionContext.IsPublishMode)
        {
            builder.Services.AddSingleton(policy ?? RestartPolicy.Default).AddSingleton<CrashRestarter>();
            // Started before the resources: a hosted service would start only once every resource has started.
            builder.OnBeforeStart((started, _) => started.Services.GetRequiredService<CrashRestarter>()
                .StartAsync(started.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping));
        }

        return builder;
    }
}
