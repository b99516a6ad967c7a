namespace Platform.Gateway.Infrastructure;

public static class RedisExtensions
{
    /// <summary>The Redis client, bounded by <see cref="RedisOptions"/>, its circuit breaker and its health check.</summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RedisOptions>(RedisOptions.SectionName);
        // Redis's own health check would call the Gateway down; without Redis turns still run, so RedisHealthCheck says Degraded.
        builder.AddRedisClient("redis", redis => redis.DisableHealthChecks = true, RedisCalls.Configure(builder.Configuration));
        builder.Services.AddSingleton<RedisCalls>();
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        return builder;
    }
}
