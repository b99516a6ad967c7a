using Platform.AppHost.Hosting;

namespace Platform.AppHost.Redis;

public static class RedisBuilderExtensions
{
    /// <summary>A Redis server; others reach it through <c>ConnectionStrings__{name}</c> (StackExchange.Redis form).</summary>
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new RedisResource(name, port));
    }
}
