using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// Without Redis turns still stream, only resume and cross-replica cancel are lost: degraded, not down. A connection
/// is not enough: a Redis that hangs keeps its connections open, so the check asks it to answer a PING within the
/// connection's async timeout (<c>Gateway:Limits:RedisTimeout</c>), and stops waiting then itself: a PING on a
/// connection torn down mid-handshake (a start on a loaded machine) may never be answered or timed out, and a probe
/// waits for every check.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis, IOptions<RedisOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return Unavailable("unreachable");
        }

        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(options.Value.RedisTimeout, cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (TimeoutException)
        {
            return Unavailable("connected but silent");
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            return Unavailable("unreachable");
        }
    }

    private static HealthCheckResult Unavailable(string how) =>
        HealthCheckResult.Degraded($"Redis is {how}: turns stream without resume and cancels reach only this replica.");
}
