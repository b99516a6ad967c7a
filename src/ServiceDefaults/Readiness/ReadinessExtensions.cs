using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Readiness;

namespace Microsoft.Extensions.Hosting;

public static class ReadinessExtensions
{
    /// <summary>
    /// Runs <typeparamref name="TStep"/> at start through <see cref="ServiceReadiness"/>, which /health reports as the
    /// check <paramref name="checkName"/>.
    /// </summary>
    public static IServiceCollection AddReadiness<TStep>(this IServiceCollection services, string checkName)
        where TStep : class, IWarmUpStep
    {
        services.AddSingleton<TStep>();
        services.AddSingleton<IWarmUpStep>(provider => provider.GetRequiredService<TStep>());
        services.AddSingleton<ServiceReadiness>();
        services.AddHostedService(provider => provider.GetRequiredService<ServiceReadiness>());
        services.AddHealthChecks().AddCheck<ServiceReadiness>(checkName);
        return services;
    }
}
