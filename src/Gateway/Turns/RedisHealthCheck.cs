using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.Gateway.Turns;

/// <summary>Without Redis turns still stream, only resume and cross-replica cancel are lost: degraded, not down.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis is connected.")
            : HealthCheckResult.Degraded("Redis is unreachable: turns stream without resume and cancels reach only this replica."));
}
