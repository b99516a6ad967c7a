using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// The Redis calls a request waits for, behind one circuit breaker, so that a Redis that hangs (connected but silent)
/// costs a request at most <c>Gateway:Limits:RedisTimeout</c> and, after repeated failures, nothing for a while.
/// Callers treat <see cref="IsUnavailable"/> failures as "Redis is down".
/// </summary>
public sealed class RedisCalls
{
    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<RedisTimeoutException>(),
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromSeconds(2),
        })
        .Build();

    /// <summary>
    /// Whether a Redis call failed because Redis is out of reach. A connection torn down while a call waits on it can
    /// also surface as its pipe's "reading is not allowed after reader was completed" (seen once while a starting
    /// Gateway subscribed, which stopped the Gateway), so that counts too.
    /// </summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisException or RedisTimeoutException or BrokenCircuitException
            or InvalidOperationException { Source: "System.IO.Pipelines" };

    /// <summary>
    /// The connection's own bounds: every async command fails with <see cref="RedisTimeoutException"/> once it has waited
    /// <c>Gateway:Limits:RedisTimeout</c>, noticed within a tenth of that (the heartbeat is what checks), and commands
    /// fail at once while the connection is down instead of queueing for its return.
    /// </summary>
    public static Action<ConfigurationOptions> Configure(IConfiguration configuration)
    {
        var timeout = (configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions()).RedisTimeout;
        return redis =>
        {
            redis.AbortOnConnectFail = false;
            redis.ConnectRetry = 1;
            redis.ConnectTimeout = 2_000;
            redis.AsyncTimeout = (int)timeout.TotalMilliseconds;
            redis.HeartbeatInterval = timeout / 10;
            redis.BacklogPolicy = BacklogPolicy.FailFast;
        };
    }

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call) => pipeline.ExecuteAsync(call);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> call) => pipeline.ExecuteAsync(call);
}
