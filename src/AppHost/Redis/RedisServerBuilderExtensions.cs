namespace Aspire.Hosting;

public static class RedisServerBuilderExtensions
{
    /// <summary>Redis: Debian's redis-server without persistence (only short-lived state lives there) when run, Aspire's container when published.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddServer(
            name,
            app => app.AddRedis(name),
            (port, data) => new ServerResource(name, ServerProgram.Find("redis-server", "redis-server"), port, data, ServerResource.Loopback()),
            redis => redis.WithArgs("--bind", "127.0.0.1", "--port", redis.Resource.Port.ToString(CultureInfo.InvariantCulture),
                "--save", "", "--appendonly", "no", "--dir", redis.Resource.DataFolder));
}
