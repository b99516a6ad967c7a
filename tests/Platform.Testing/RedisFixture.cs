using Platform.AppHost.Redis;

namespace Platform.Testing;

/// <summary>A redis-server of its own for a test.</summary>
public sealed class RedisFixture : ResourceFixture
{
    public const string ResourceName = "redis";

    public RedisFixture()
        : this(port: null, programSearchPath: null)
    {
    }

    private RedisFixture(int? port, string? programSearchPath)
        : base(programSearchPath) => Redis = Builder.AddRedis(ResourceName, port).Resource;

    public RedisResource Redis { get; }

    /// <summary>StackExchange.Redis form.</summary>
    public string ConnectionString => Redis.ConnectionString;

    public int Port => Redis.Tcp.Port;

    public int ProcessId => ProcessIdOf(ResourceName);

    /// <summary>
    /// A fixture that asks for <paramref name="port"/> (used when free, else another), or that looks for programs on
    /// <paramref name="programSearchPath"/> instead of PATH.
    /// </summary>
    public static RedisFixture Create(int? port = null, string? programSearchPath = null) => new(port, programSearchPath);
}
