using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Redis;

/// <summary>A redis-server on 127.0.0.1, without persistence: the platform keeps only short-lived state there.</summary>
public sealed class RedisResource : ProcessResource, IResourceWithConnectionString
{
    internal static readonly RequiredProgram Server = new("redis-server", "redis-server");

    public RedisResource(string name, int? port = null)
        : base(name)
    {
        Tcp = AddEndpoint("tcp", port);
        StartupTimeout = TimeSpan.FromSeconds(20);
    }

    public ResourceEndpoint Tcp { get; }

    /// <summary>StackExchange.Redis form.</summary>
    public string ConnectionString => $"127.0.0.1:{Tcp.Port.Invariant()}";

    internal override IEnumerable<RequiredProgram> RequiredPrograms => [Server];

    internal override ProcessSpec CreateProcess(ResourceContext context) => new(
        context.PathOf(Server),
        ["--bind", "127.0.0.1", "--port", Tcp.Port.Invariant(), "--save", string.Empty, "--appendonly", "no", "--dir", context.DataDirectory])
    {
        WorkingDirectory = context.DataDirectory,
    };

    internal override Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken) =>
        RedisPing.AnswersAsync(Tcp.Port, cancellationToken);
}
