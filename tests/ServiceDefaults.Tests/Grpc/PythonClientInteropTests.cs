namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling a server on the project's transport.</summary>
public sealed class PythonClientInteropTests : IAsyncLifetime
{
    private InteropServer server = null!;

    public async ValueTask InitializeAsync() => server = await InteropServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task ServerStreamingCallDeliversEveryMessageInOrderThenOk()
    {
        var result = await PythonPeer.RunClientAsync(server.Target, "count", "50");

        Assert.Equal("OK", result.GetProperty("code").GetString());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"message {i}"), result.GetProperty("messages").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task UnaryCallReturnsItsResponseAndOk()
    {
        var result = await PythonPeer.RunClientAsync(server.Target, "echo", "grüße, 世界");

        Assert.Equal("OK", result.GetProperty("code").GetString());
        Assert.Equal("grüße, 世界", Assert.Single(result.GetProperty("messages").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task HandlerErrorArrivesAsItsStatusCodeWithItsUnicodeMessage()
    {
        var result = await PythonPeer.RunClientAsync(server.Target, "fail", "límite superado ✗ 100%");

        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("code").GetString());
        Assert.Equal("límite superado ✗ 100%", result.GetProperty("details").GetString());
    }

    [Fact]
    public async Task UnknownMethodIsUnimplemented()
    {
        var result = await PythonPeer.RunClientAsync(server.Target, "unknown");

        Assert.Equal("UNIMPLEMENTED", result.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CancellationAfterThreeMessagesReachesTheHandlerTokenWithin100Ms()
    {
        var cancelledAt = server.Observer.CancelledAt("python-cancel");

        var result = await PythonPeer.RunClientAsync(server.Target, "cancel", "python-cancel:3");

        Assert.Equal("CANCELLED", result.GetProperty("code").GetString());
        Assert.Equal(3, result.GetProperty("messages").GetArrayLength());
        var clientCancelled = DateTimeOffset.FromUnixTimeMilliseconds((long)(result.GetProperty("cancelled_at").GetDouble() * 1000));
        var handlerSaw = await cancelledAt.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var delay = handlerSaw - clientCancelled;
        TestContext.Current.SendDiagnosticMessage($"cancellation reached the handler after {delay.TotalMilliseconds:0.0} ms");
        Assert.InRange(delay.TotalMilliseconds, -5, 100);
    }

    [Fact]
    public async Task DeadlineOf200MsEndsTheCallWithDeadlineExceededAndCancelsTheHandler()
    {
        var cancelled = server.Observer.CancelledAt("python-deadline");

        var result = await PythonPeer.RunClientAsync(server.Target, "deadline", "python-deadline");

        Assert.Equal("DEADLINE_EXCEEDED", result.GetProperty("code").GetString());
        Assert.InRange(result.GetProperty("elapsed").GetDouble(), 0.15, 2.0);
        await cancelled.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
