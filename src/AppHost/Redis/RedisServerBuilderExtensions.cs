using System.Runtime.CompilerServices;
using Platform.AppHost.Servers;

namespace Platform.AppHost.Redis;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis that others reach through <c>ConnectionStrings__{name}</c>: Debian's redis-server when run here, Aspire's
    /// Redis container in a published manifest.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ExecutionContext.IsPublishMode)
        {
            return AddContainer(builder, name);
        }

        var port = LoopbackPort.Free();
        var data = builder.DataFolderOf(name);
        return builder.AddResource(new RedisServerResource(name, ServerProgram.Find("redis-server", "redis-server"), data))
            .WithArgs("--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", data)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp", port: port, isProxied: false)
            .WithHealthCheck(TcpPortCheck.Register(builder, $"{name}-tcp", port));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IResourceBuilder<IResourceWithConnectionString> AddContainer(IDistributedApplicationBuilder builder, string name) => builder.AddRedis(name);
}
