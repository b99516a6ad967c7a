using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.GrpcInteropHost;
using Platform.Gateway.ServiceCalls;
using Platform.Contracts.Grpc;

namespace Platform.Gateway.Tests.ServiceCalls;

/// <summary>
/// The Gateway's client pipeline (<see cref="GrpcCallPipeline"/> on a grpc-dotnet channel) against a
/// Grpc.AspNetCore server: cancellation, deadlines, first-message resilience and chaos.
/// </summary>
public sealed class GrpcCallPipelineTests : IAsyncLifetime
{
    private readonly List<GrpcChannel> channels = [];
    private InteropServer server = null!;

    public async ValueTask InitializeAsync() => server = await InteropServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        channels.ForEach(channel => channel.Dispose());
        await server.DisposeAsync();
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static CallOptions Options => new(cancellationToken: Token);

    [Fact]
    public async Task BreakingOutOfAStreamResetsItAndCancelsTheHandler()
    {
        var cancelled = server.Observer.CancelledAt("break");

        await foreach (var tick in Client().Ticks(new StringValue { Value = "break" }, Options).ResponsesAsync(Token))
        {
            Assert.Equal("tick 0", tick.Value);
            break;
        }

        await cancelled.WaitAsync(TimeSpan.FromSeconds(10), Token);
    }

    [Fact]
    public async Task DeadlineEndsTheCallWithDeadlineExceededAndCancelsTheHandler()
    {
        var cancelled = server.Observer.CancelledAt("deadline");
        var client = Client();
        // The connection is opened first so that the deadline is spent waiting in the handler, not in the handshake:
        // on a loaded machine a deadline that passes before the request is sent never reaches the server's handler.
        await client.EchoAsync(new StringValue(), Options);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.WaitAsync(new StringValue { Value = "deadline" }, deadline: DateTime.UtcNow.AddSeconds(1), cancellationToken: Token).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(1, server.Observer.Attempts("deadline"));
        await cancelled.WaitAsync(TimeSpan.FromSeconds(10), Token);
    }

    [Fact]
    public async Task UnavailableBeforeTheFirstMessageIsRetried()
    {
        var client = Client(new GrpcClientOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var messages = await client.Flaky(new FlakyRequest { Tag = "before", Failures = 2 }, Options).ResponsesAsync(Token).Select(m => m.Value).ToListAsync(Token);

        Assert.Equal(["attempt 3 message 0", "attempt 3 message 1", "attempt 3 message 2"], messages);
        Assert.Equal(3, server.Observer.Attempts("before"));
    }

    [Fact]
    public async Task UnavailableAfterTheFirstMessageIsNotRetried()
    {
        var client = Client(new GrpcClientOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(1) });
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var message in client.Flaky(new FlakyRequest { Tag = "after", Failures = 1, AfterFirstMessage = true }, Options).ResponsesAsync(Token))
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
        var client = Client(new GrpcClientOptions
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
                client.Flaky(new FlakyRequest { Tag = "breaker", Failures = 100 }, Options).ResponsesAsync(Token).ToListAsync(Token).AsTask()));
        }

        Assert.All(errors, error => Assert.Equal(StatusCode.Unavailable, error.StatusCode));
        Assert.Equal(4, server.Observer.Attempts("breaker"));
        Assert.Contains("circuit", errors[^1].Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerThatIsNotListeningIsUnavailable()
    {
        var client = Client(new GrpcClientOptions { MaxRetryAttempts = 1, RetryDelay = TimeSpan.Zero }, address: new Uri("http://127.0.0.1:1"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new StringValue(), Options).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task HandlerFaultReachesTheCallerWithoutTheExceptionText()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client().CrashAsync(new StringValue { Value = "secret internals" }, Options).ResponseAsync);

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InjectedFaultFailsTheCallWithTheConfiguredStatusWithoutReachingTheServer()
    {
        var client = Client(new GrpcClientOptions { MaxRetryAttempts = 0 }, new GrpcChaosOptions { Enabled = true, FaultRate = 1, FaultStatus = StatusCode.Unavailable });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.Flaky(new FlakyRequest { Tag = "chaos-fault" }, Options).ResponsesAsync(Token).ToListAsync(Token).AsTask());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("chaos", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.Observer.Attempts("chaos-fault"));
    }

    [Fact]
    public async Task InjectedLatencyLongerThanTheFirstMessageTimeoutEndsTheCallAsDeadlineExceeded()
    {
        var client = Client(
            new GrpcClientOptions { FirstMessageTimeout = TimeSpan.FromMilliseconds(200) },
            new GrpcChaosOptions { Enabled = true, LatencyRate = 1, Latency = TimeSpan.FromMinutes(1) });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new StringValue { Value = "late" }, Options).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task InjectedLatencyDelaysTheCallWhichThenSucceeds()
    {
        var latency = TimeSpan.FromMilliseconds(300);
        var client = Client(chaos: new GrpcChaosOptions { Enabled = true, LatencyRate = 1, Latency = latency });

        var started = Stopwatch.GetTimestamp();
        var reply = await client.EchoAsync(new StringValue { Value = "slow" }, Options);

        Assert.Equal("slow", reply.Value);
        Assert.True(Stopwatch.GetElapsedTime(started) >= latency, "The call returned before the injected latency had passed.");
    }

    [Fact]
    public async Task ChaosFromConfigurationReachesTypedClientsAndNothingIsInjectedWithoutIt()
    {
        using var chaotic = HostWith(new() { ["Grpc:Client:Chaos:Enabled"] = "true", ["Grpc:Client:Chaos:FaultRate"] = "1", ["Grpc:Client:Chaos:FaultStatus"] = "Internal" });
        using var calm = HostWith([]);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            chaotic.Services.GetRequiredService<Interop.InteropClient>().EchoAsync(new StringValue { Value = "x" }, Options).ResponseAsync);
        var reply = await calm.Services.GetRequiredService<Interop.InteropClient>().EchoAsync(new StringValue { Value = "calm" }, Options);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("chaos", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("calm", reply.Value);
    }

    [Theory]
    [InlineData("FaultStatus", "OK", "FaultStatus")]
    [InlineData("FaultRate", "1.5", "FaultRate")]
    [InlineData("LatencyRate", "0", "LatencyRate")]
    public async Task ABadChaosSettingStopsTheStartNamingIt(string setting, string value, string named)
    {
        using var host = HostWith(new() { ["Grpc:Client:Chaos:Enabled"] = "true", ["Grpc:Client:Chaos:LatencyRate"] = "0.5", [$"Grpc:Client:Chaos:{setting}"] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private Interop.InteropClient Client(GrpcClientOptions? options = null, GrpcChaosOptions? chaos = null, Uri? address = null)
    {
        var channel = GrpcChannel.ForAddress(address ?? server.Address, new GrpcChannelOptions { HttpHandler = GrpcClientExtensions.CreateHandler() });
        channels.Add(channel);
        return new Interop.InteropClient(channel.Intercept(new GrpcCallPipeline(options ?? new GrpcClientOptions(), chaos ?? new GrpcChaosOptions(), "interop")));
    }

    private IHost HostWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        settings["services:interop:http:0"] = server.Address.ToString();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        builder.AddServiceGrpcClient<Interop.InteropClient>("interop", grpc => grpc.MaxRetryAttempts = 0);
        return builder.Build();
    }
}
