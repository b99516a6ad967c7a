using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>interop_server.py, a python3-grpcio server, running for the life of a test.</summary>
public sealed class PythonInteropServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DateTimeOffset>> ended = new();
    private readonly TaskCompletionSource<int> port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task pump;

    private PythonInteropServer(Process process)
    {
        this.process = process;
        pump = Task.Run(PumpAsync);
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<PythonInteropServer> StartAsync()
    {
        var server = new PythonInteropServer(PythonPeer.StartServer());
        var port = await server.port.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        server.Address = new Uri($"http://127.0.0.1:{port}");
        return server;
    }

    /// <summary>Completes with the moment the server saw the call tagged <paramref name="tag"/> end.</summary>
    public Task<DateTimeOffset> EndedAt(string tag) => Ended(tag).Task;

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
        }

        await pump;
        process.Dispose();
    }

    private TaskCompletionSource<DateTimeOffset> Ended(string tag) =>
        ended.GetOrAdd(tag, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task PumpAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var root = JsonDocument.Parse(line).RootElement;
            if (root.TryGetProperty("port", out var value))
            {
                port.TrySetResult(value.GetInt32());
            }
            else if (root.GetProperty("event").GetString() == "ended")
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(root.GetProperty("at").GetDouble() * 1000));
                Ended(root.GetProperty("tag").GetString()!).TrySetResult(at);
            }
        }

        port.TrySetException(new InvalidOperationException($"interop_server.py exited: {await process.StandardError.ReadToEndAsync()}"));
    }
}
