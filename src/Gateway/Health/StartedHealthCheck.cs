using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Gateway.Health;

/// <summary>
/// Services start side by side, so Kestrel may listen before the migrations, the bootstrap key and the Redis
/// subscriptions are done; /health stays unready until every one of them has started, as when they ran in turn.
/// </summary>
internal sealed class StartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("Every start-up step has run.")
            : HealthCheckResult.Unhealthy("Starting: migrations, bootstrap key or subscriptions still running."));
}
