using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>The project's client against the project's server: cancellation, deadlines, limits and the resilience pipeline.</summary>
public sealed class GrpcClientTests : IAsyncLifetime
{
    private InteropServer server = null!;

    public async ValueTask InitializeAsync() => server = await InteropServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BreakingOutOfAStreamResetsItAndCancelsTheHandler()
    {
        using var channel = new GrpcChannel(server.Address);
        var cancelled = server.Observer.CancelledAt("break");

        await foreach (var tick in channel.ServerStreamingAsync(InteropMethods.Ticks, new StringValue { Value = "break" }, default, Token))
        {
            Assert.Equal("tick 0", tick.Value);
            break;
        }

        await cancelled.WaitAsync(TimeSpan.FromSeconds(5), Token);
    }

    [Fact]
    public async Task DeadlineEndsTheCallWithDeadlineExceededAndCancelsTheHandler()
    {
        using var channel = new GrpcChannel(server.Address);
        var cancelled = server.Observer.CancelledAt("deadline");

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Wait, new StringValue { Value = "deadline" }, GrpcCallOptions.WithTimeout(TimeSpan.FromMilliseconds(200), Token)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await cancelled.WaitAsync(TimeSpan.FromSeconds(5), Token);
    }

    [Fact]
    public async Task UnavailableBeforeTheFirstMessageIsRetried()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var messages = await channel.ServerStreamingAsync(InteropMethods.Flaky, new FlakyRequest { Tag = "before", Failures = 2 }, default, Token)
            .Select(m => m.Value).ToListAsync(Token);

        Assert.Equal(["attempt 3 message 0", "attempt 3 message 1", "attempt 3 message 2"], messages);
        Assert.Equal(3, server.Observer.Attempts("before"));
    }

    [Fact]
    public async Task UnavailableAfterTheFirstMessageIsNotRetried()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var message in channel.ServerStreamingAsync(InteropMethods.Flaky, new FlakyRequest { Tag = "after", Failures = 1, AfterFirstMessage = true }, default, Token))
            {
                received.Add(message.Value);
            }
        });

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(["attempt 1"], received);
        Assert.Equal(1, server.Observer.Attempts("after"));
    }

    [Fact]
    public async Task RepeatedUnavailableOpensTheCircuitSoLaterCallsFailFastWithoutReachingTheServer()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions
        {
            MaxRetryAttempts = 0,
            BreakerMinimumThroughput = 4,
            BreakerFailureRatio = 0.5,
            BreakerDuration = TimeSpan.FromMinutes(1),
        });

        var errors = new List<RpcException>();
        for (var i = 0; i < 8; i++)
        {
            errors.Add(await Assert.ThrowsAsync<RpcException>(() =>
                channel.ServerStreamingAsync(InteropMethods.Flaky, new FlakyRequest { Tag = "breaker", Failures = 100 }, default, Token).ToListAsync(Token).AsTask()));
        }

        Assert.All(errors, error => Assert.Equal(StatusCode.Unavailable, error.StatusCode));
        Assert.Equal(4, server.Observer.Attempts("breaker"));
        Assert.Contains("circuit", errors[^1].Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseLargerThanTheClientLimitIsResourceExhausted()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 16 });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = new string('x', 100) }, new GrpcCallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task ServerThatIsNotListeningIsUnavailable()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"), new GrpcChannelOptions { MaxRetryAttempts = 1, RetryDelay = TimeSpan.Zero });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Echo, new StringValue(), new GrpcCallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task HandlerFaultIsInternalWithoutTheExceptionText()
    {
        using var channel = new GrpcChannel(server.Address);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Crash, new StringValue { Value = "secret internals" }, new GrpcCallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MethodDescriptorRefusesTypesThatDoNotMatchTheContract()
    {
        var service = InteropReflection.Descriptor.Services[0];

        Assert.Throws<ArgumentException>(() => GrpcMethod<StringValue, StringValue>.From(service, "Count"));
        Assert.Throws<ArgumentException>(() => GrpcMethod<StringValue, StringValue>.From(service, "Missing"));
        Assert.Equal("/platform.interop.v1.Interop/Count", GrpcMethod<Int32Value, StringValue>.From(service, "Count").Path);
    }
}
