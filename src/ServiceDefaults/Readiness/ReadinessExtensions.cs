using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Readiness;

namespace Microsoft.Extensions.Hosting;

public static class ReadinessExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Runs <typeparamref name="TStep"/> at start through <see cref="ServiceReadiness"/>, which /health reports as the
    /// check <paramref name="checkName"/>, tagged <see cref="ReadyTag"/>.
    /// </summary>
    public static IServiceCollection AddReadiness<TStep>(this IServiceCollection services, string checkName)
        where TStep : class, IWarmUpStep
    {
        services.AddSingleton<TStep>();
        services.AddSingleton<IWarmUpStep>(provider => provider.GetRequiredService<TStep>());
        services.AddSingleton<ServiceReadiness>();
        services.AddHostedService(provider => provider.GetRequiredService<ServiceReadiness>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(checkName, provider => provider.GetRequiredService<ServiceReadiness>(), null, [ReadyTag]));
        return services;
    }
}
