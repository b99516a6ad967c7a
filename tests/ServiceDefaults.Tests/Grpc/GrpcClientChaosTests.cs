using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Grpc.Client;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>Polly chaos strategies in the client pipeline, switched on by <c>Grpc:Client:Chaos</c>.</summary>
public sealed class GrpcClientChaosTests : IAsyncLifetime
{
    private InteropServer server = null!;

    public async ValueTask InitializeAsync() => server = await InteropServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InjectedFaultFailsTheCallWithTheConfiguredStatusWithoutReachingTheServer()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions
        {
            MaxRetryAttempts = 0,
            Chaos = new GrpcChaosOptions { Enabled = true, FaultRate = 1, FaultStatus = StatusCode.Unavailable },
        });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.ServerStreamingAsync(InteropMethods.Flaky, new FlakyRequest { Tag = "chaos-fault", Failures = 0 }, default, Token).ToListAsync(Token).AsTask());

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("chaos", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, server.Observer.Attempts("chaos-fault"));
    }

    [Fact]
    public async Task InjectedLatencyLongerThanTheFirstMessageTimeoutEndsTheCallAsDeadlineExceeded()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions
        {
            FirstMessageTimeout = TimeSpan.FromMilliseconds(200),
            Chaos = new GrpcChaosOptions { Enabled = true, LatencyRate = 1, Latency = TimeSpan.FromMinutes(1) },
        });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = "late" }, new GrpcCallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task InjectedLatencyDelaysTheCallWhichThenSucceeds()
    {
        var latency = TimeSpan.FromMilliseconds(300);
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { Chaos = new GrpcChaosOptions { Enabled = true, LatencyRate = 1, Latency = latency } });

        var started = Stopwatch.GetTimestamp();
        var reply = await channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = "slow" }, new GrpcCallOptions(CancellationToken: Token));

        Assert.Equal("slow", reply.Value);
        Assert.True(Stopwatch.GetElapsedTime(started) >= latency, "The call returned before the injected latency had passed.");
    }

    [Fact]
    public async Task ChaosConfiguredButNotEnabledInjectsNothing()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcChannelOptions { Chaos = new GrpcChaosOptions { FaultRate = 1 } });

        var reply = await channel.UnaryAsync(InteropMethods.Echo, new StringValue { Value = "calm" }, new GrpcCallOptions(CancellationToken: Token));

        Assert.Equal("calm", reply.Value);
    }

    [Fact]
    public void ChaosFromConfigurationReachesChannelsMadeByTheServiceProvider()
    {
        using var host = HostWith(new() { ["Grpc:Client:Chaos:Enabled"] = "true", ["Grpc:Client:Chaos:FaultRate"] = "0.25", ["Grpc:Client:Chaos:FaultStatus"] = "Internal" });

        using var channel = host.Services.CreateGrpcChannel(server.Address);

        Assert.True(channel.Options.Chaos.Enabled);
        Assert.Equal(0.25, channel.Options.Chaos.FaultRate);
        Assert.Equal(StatusCode.Internal, channel.Options.Chaos.FaultStatus);
    }

    [Fact]
    public void ChaosIsOffWhenNotConfigured()
    {
        using var host = HostWith([]);

        using var channel = host.Services.CreateGrpcChannel(server.Address);

        Assert.False(channel.Options.Chaos.Enabled);
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

    private static IHost HostWith(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGrpcClientChaos();
        return builder.Build();
    }
}
