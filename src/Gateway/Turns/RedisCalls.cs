using Microsoft.Extensions.Options;
using Platform.Gateway.Limits;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Platform.Gateway.Turns;

/// <summary>
/// The Redis calls a request waits for, each bounded by <c>Gateway:Limits:RedisTimeout</c>, behind one circuit
/// breaker: StackExchange.Redis 1.2.6 never times out an async command on a connection that stays open but silent, so
/// without this a Redis that hangs would stall every request that asks it anything. Callers pass the token on to
/// <c>WaitAsync</c>, and treat <see cref="IsUnavailable"/> failures as "Redis is down".
/// </summary>
public sealed class RedisCalls(IOptions<LimitsOptions> options)
{
    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutRejectedException>(),
            FailureRatio = 0.5,
            MinimumThroughput = 2,
            SamplingDuration = TimeSpan.FromSeconds(5),
            BreakDuration = TimeSpan.FromSeconds(2),
        })
        .AddTimeout(options.Value.RedisTimeout)
        .Build();

    public static bool IsUnavailable(Exception exception) => exception is RedisException or TimeoutRejectedException or BrokenCircuitException;

    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call) => pipeline.ExecuteAsync(call);

    public ValueTask ExecuteAsync(Func<CancellationToken, ValueTask> call) => pipeline.ExecuteAsync(call);
}
