using Platform.AppHost.Servers;

namespace Platform.AppHost.Redis;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis, reached in StackExchange.Redis form: Debian's redis-server without persistence (the platform keeps only
    /// short-lived state there) when run here, Aspire's Redis container in a published manifest.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddServer(
            name,
            app => app.AddRedis(name),
            (port, data) => new ServerResource(name, ServerProgram.Find("redis-server", "redis-server"), port, data, ServerResource.Loopback()),
            redis => redis.WithArgs("--bind", "127.0.0.1", "--port", redis.Resource.Port.ToString(CultureInfo.InvariantCulture),
                "--save", "", "--appendonly", "no", "--dir", redis.Resource.DataFolder));
}
