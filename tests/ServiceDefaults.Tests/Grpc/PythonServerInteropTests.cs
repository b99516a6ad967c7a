using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>The project's gRPC client calling Debian's python3-grpcio server.</summary>
public sealed class PythonServerInteropTests : IAsyncLifetime
{
    private PythonInteropServer server = null!;
    private GrpcChannel channel = null!;

    public async ValueTask InitializeAsync()
    {
        server = await PythonInteropServer.StartAsync();
        channel = new GrpcChannel(server.Address, new GrpcChannelOptions { MaxRetryAttempts = 0 });
    }

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task ServerStreamingCallDeliversEveryMessageInOrder()
    {
        var messages = await channel.ServerStreamingAsync(InteropMethods.Count, new Int32Value { Value = 50 }, Options(), TestContext.Current.CancellationToken)
            .Select(m => m.Value).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"message {i}"), messages);
    }

    [Fact]
    public async Task UnaryCallReturnsItsResponse()
    {
        var response = await channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = "grüße, 世界" }, Options());

        Assert.Equal("grüße, 世界", response.Value);
    }

    [Fact]
    public async Task HandlerErrorArrivesAsItsStatusCodeWithItsUnicodeMessage()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Fail, new StringValue { Value = "límite superado ✗ 100%" }, Options()));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("límite superado ✗ 100%", error.Status.Detail);
    }

    [Fact]
    public async Task UnknownMethodIsUnimplemented()
    {
        var unknown = new GrpcMethod<StringValue, StringValue>(MethodType.Unary, InteropMethods.Echo.ServiceName, "Nope");

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(unknown, new StringValue(), Options()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task StoppingAfterThreeMessagesCancelsTheServerCallWithin100Ms()
    {
        var ended = server.EndedAt("dotnet-cancel");
        var received = 0;
        DateTimeOffset stoppedAt = default;

        await foreach (var _ in channel.ServerStreamingAsync(InteropMethods.Ticks, new StringValue { Value = "dotnet-cancel" }, Options(), TestContext.Current.CancellationToken))
        {
            if (++received == 3)
            {
                stoppedAt = DateTimeOffset.UtcNow;
                break;
            }
        }

        var serverSaw = await ended.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var delay = serverSaw - stoppedAt;
        TestContext.Current.SendDiagnosticMessage($"the python server saw the cancellation after {delay.TotalMilliseconds:0.0} ms");
        Assert.InRange(delay.TotalMilliseconds, -5, 100);
    }

    [Fact]
    public async Task CancellingTheTokenAfterThreeMessagesEndsTheCallAsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var ended = server.EndedAt("dotnet-token");
        var received = 0;

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in channel.ServerStreamingAsync(InteropMethods.Ticks, new StringValue { Value = "dotnet-token" }, new GrpcCallOptions(CancellationToken: cancellation.Token), TestContext.Current.CancellationToken))
            {
                if (++received == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal(3, received);
        await ended.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task DeadlineOf200MsEndsTheCallWithDeadlineExceeded()
    {
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Wait, new StringValue { Value = "dotnet-deadline" }, GrpcCallOptions.WithTimeout(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange((DateTimeOffset.UtcNow - started).TotalMilliseconds, 150, 2_000);
        await server.EndedAt("dotnet-deadline").WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }

    private static GrpcCallOptions Options() => GrpcCallOptions.WithTimeout(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
}
