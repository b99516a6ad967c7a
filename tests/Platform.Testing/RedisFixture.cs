using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Platform.Testing;

/// <summary>A redis-server of its own for a test.</summary>
public sealed class RedisFixture : ResourceFixture
{
    public const string ResourceName = "redis";

    public RedisFixture() => Builder.AddRedisServer(ResourceName);

    /// <summary>StackExchange.Redis form.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public int Port => Application.GetEndpoint(ResourceName, "tcp").Port;

    public int ProcessId => ProcessIdOf(ResourceName);

    protected override async Task OnStartedAsync() =>
        ConnectionString = await Application.GetConnectionStringAsync(ResourceName) ?? string.Empty;
}
