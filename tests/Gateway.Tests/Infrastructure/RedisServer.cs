using Platform.AppHost.Servers;
using Platform.Testing;
using StackExchange.Redis;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A real redis-server on a free port with its own folder, for one test class or run.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("platform-redis-").FullName;
    private ChildProcess? process;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => process is { Process.HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server again on the same port, as after an outage.</summary>
    public async Task RestartAsync()
    {
        if (Port == 0)
        {
            Port = LoopbackPort.Free();
        }

        process = ChildProcess.Start("redis-server", ["--bind", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", folder]);
        await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
    }

    public void Stop() => process?.Kill();

    /// <summary>Stops the server without ending it (SIGSTOP): its connections stay open and nothing answers.</summary>
    public Task FreezeAsync() => ProcessSignal.SendAsync(process!.Process.Id, "STOP");

    public Task ThawAsync() => ProcessSignal.SendAsync(process!.Process.Id, "CONT");

    public IConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(ConnectionString);

    public ValueTask DisposeAsync()
    {
        process?.Dispose();
        Directory.Delete(folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
