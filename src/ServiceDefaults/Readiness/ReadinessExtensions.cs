using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Readiness;

namespace Microsoft.Extensions.Hosting;

public static class ReadinessExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Runs <typeparamref name="TStep"/> at start (<see cref="ServiceReadiness"/>, which calls and probes read) and adds the
    /// health check <paramref name="checkName"/>, tagged <see cref="ReadyTag"/>, that /health reports it by.
    /// </summary>
    public static IServiceCollection AddReadiness<TStep>(this IServiceCollection services, string checkName)
        where TStep : class, IWarmUpStep
    {
        services.AddSingleton<TStep>();
        services.AddSingleton<IWarmUpStep>(provider => provider.GetRequiredService<TStep>());
        services.AddSingleton<ServiceReadiness>();
        services.AddHostedService(provider => provider.GetRequiredService<ServiceReadiness>());
        services.AddHealthChecks().AddCheck<ReadinessHealthCheck>(checkName, tags: [ReadyTag]);
        return services;
    }
}
