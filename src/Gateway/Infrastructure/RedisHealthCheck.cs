using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// Without Redis turns still stream, only resume and cross-replica cancel are lost: degraded, not down. A connection
/// is not enough: a Redis that hangs keeps its connections open, so the check asks it to answer a PING within the
/// connection's async timeout (<c>Gateway:Limits:RedisTimeout</c>).
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return Unavailable("unreachable");
        }

        try
        {
            await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (RedisTimeoutException)
        {
            return Unavailable("connected but silent");
        }
        catch (RedisException)
        {
            return Unavailable("unreachable");
        }
    }

    private static HealthCheckResult Unavailable(string how) =>
        HealthCheckResult.Degraded($"Redis is {how}: turns stream without resume and cancels reach only this replica.");
}
