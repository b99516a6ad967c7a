using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Platform.Gateway.Turns;

/// <summary>
/// Without Redis turns still stream, only resume and cross-replica cancel are lost: degraded, not down. A connection
/// is not enough: a Redis that hangs keeps its connections open, so the check asks it to answer a PING in time.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return Unavailable("unreachable");
        }

        var ping = redis.GetDatabase().PingAsync();
        // A ping that fails after the check has given up must not surface as an unobserved task exception.
        _ = ping.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            await ping.WaitAsync(AnswerWithin, cancellationToken);
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (TimeoutException)
        {
            return Unavailable($"connected but silent for {AnswerWithin.TotalSeconds:0} s");
        }
        catch (RedisException)
        {
            return Unavailable("unreachable");
        }
    }

    private static HealthCheckResult Unavailable(string how) =>
        HealthCheckResult.Degraded($"Redis is {how}: turns stream without resume and cancels reach only this replica.");
}
