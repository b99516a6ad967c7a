using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Grpc;
using Platform.Gateway.ServiceCalls;
using Platform.GrpcInteropHost;

namespace Platform.Gateway.Tests.ServiceCalls;

/// <summary>Two replicas of one service (Grpc.AspNetCore, in this process) behind the Gateway's typed client.</summary>
public sealed class ReplicaAffinityTests : IAsyncLifetime
{
    private readonly List<InteropServer> replicas = [];
    private IHost host = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        replicas.Add(await InteropServer.StartAsync());
        replicas.Add(await InteropServer.StartAsync());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["services:interop:http:0"] = replicas[0].Address.ToString(),
            ["services:interop:http:1"] = replicas[1].Address.ToString(),
        });
        builder.AddServiceDefaults();
        builder.AddServiceGrpcClient<Interop.InteropClient>("interop", grpc => grpc.RetryDelay = TimeSpan.Zero);
        host = builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task EveryCallWithOneKeyGoesToOneReplicaAndDifferentKeysAreSpreadOverBoth()
    {
        var keys = Enumerable.Range(0, 16).Select(i => $"conversation-{i}").ToList();
        foreach (var key in keys)
        {
            for (var call = 0; call < 3; call++)
            {
                await CallAsync(key);
            }
        }

        var homes = keys.Select(key => replicas.FindIndex(replica => replica.Observer.Attempts(key) > 0)).ToList();
        Assert.All(keys, key => Assert.Equal([3, 0], replicas.Select(replica => replica.Observer.Attempts(key)).OrderDescending()));
        Assert.Contains(0, homes);
        Assert.Contains(1, homes);
    }

    [Fact]
    public async Task AKeyWhoseReplicaIsGoneMovesToTheOtherAndOnlyThoseKeysMove()
    {
        var keys = Enumerable.Range(0, 16).Select(i => $"conversation-{i}").ToList();
        foreach (var key in keys)
        {
            await CallAsync(key);
        }

        var lost = replicas[0];
        var keysOfLost = keys.Where(key => lost.Observer.Attempts(key) > 0).ToList();
        var keysOfKept = keys.Except(keysOfLost).ToList();
        await lost.DisposeAsync();
        replicas.Remove(lost);

        foreach (var key in keys)
        {
            await CallAsync(key);
        }

        Assert.NotEmpty(keysOfLost);
        Assert.All(keysOfLost, key => Assert.Equal(1, replicas[0].Observer.Attempts(key)));
        Assert.All(keysOfKept, key => Assert.Equal(2, replicas[0].Observer.Attempts(key)));
    }

    [Fact]
    public async Task AKeyWhoseReplicaAnswersUnavailableAtOnceIsRetriedOnTheOther()
    {
        const string Key = "conversation-stopping";
        await CallAsync(Key);
        var home = replicas.Single(replica => replica.Observer.Attempts(Key) == 1);
        var other = replicas.Single(replica => replica != home);

        // Flaky fails each replica's first attempt of a tag: the other replica has had its failure already.
        using (var direct = GrpcChannel.ForAddress(other.Address))
        {
            await Assert.ThrowsAsync<RpcException>(() => new Interop.InteropClient(direct).Flaky(new FlakyRequest { Tag = "stopping", Failures = 1 }, cancellationToken: Token).ResponsesAsync(Token).ToListAsync(Token).AsTask());
        }

        var messages = await Client.Flaky(new FlakyRequest { Tag = "stopping", Failures = 1 }, new Metadata { { ReplicaAffinityHandler.Header, Key } }, cancellationToken: Token)
            .ResponsesAsync(Token).Select(message => message.Value).ToListAsync(Token);

        Assert.Equal(["attempt 2 message 0", "attempt 2 message 1", "attempt 2 message 2"], messages);
        Assert.Equal(1, home.Observer.Attempts("stopping"));
        Assert.Equal(2, other.Observer.Attempts("stopping"));
    }

    [Fact]
    public async Task CallsWithoutAKeyAreBalancedRoundRobin()
    {
        for (var call = 0; call < 4; call++)
        {
            await Client.Flaky(new FlakyRequest { Tag = "no-key" }, cancellationToken: Token).ResponsesAsync(Token).ToListAsync(Token);
        }

        Assert.Equal([2, 2], replicas.Select(replica => replica.Observer.Attempts("no-key")));
    }

    private Interop.InteropClient Client => host.Services.GetRequiredService<Interop.InteropClient>();

    private async Task CallAsync(string key)
    {
        var call = Client.Flaky(new FlakyRequest { Tag = key }, new Metadata { { ReplicaAffinityHandler.Header, key } }, cancellationToken: Token);
        var messages = await call.ResponsesAsync(Token).ToListAsync(Token);
        Assert.Equal(3, messages.Count);
    }
}
