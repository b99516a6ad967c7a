using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Platform.AppHost.Ports;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;
using Platform.AppHost.Redis;
using Platform.Testing;

namespace Platform.AppHost.Tests.Supervision;

public sealed class PortRaceTests
{
    [Fact]
    public async Task A_port_taken_between_choosing_it_and_binding_it_moves_the_resource_to_another_port()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var redis = new RedisResource("redis");
        // As if the port had been free when chosen and another program bound it before redis-server did.
        redis.Tcp.Assign(taken);
        var data = Directory.CreateTempSubdirectory("port-race").FullName;
        var setsid = new RequiredProgram("setsid", "util-linux");
        var setpriv = new RequiredProgram("setpriv", "util-linux");
        var programs = ProgramLocator.FromEnvironment().Resolve([RedisResource.Server, setsid, setpriv]);
        var context = new ResourceContext
        {
            DataDirectory = data,
            DisposableData = true,
            Launcher = new ProcessLauncher(programs[setsid], programs[setpriv]),
            Repository = RepositoryLayout.Locate(),
            Programs = programs,
            OnLine = (_, _) => { },
        };
        var notifications = new ResourceNotifications();
        using var supervisor = new ResourceSupervisor(redis, context, new PortAllocator(), notifications, NullLogger.Instance, TimeProvider.System);
        try
        {
            await supervisor.StartAsync(TestContext.Current.CancellationToken);

            Assert.NotEqual(taken, redis.Tcp.Port);
            Assert.Equal(ResourceState.Running, notifications.Current("redis")!.State);
            Assert.DoesNotContain(notifications.History("redis"), snapshot => snapshot.State == ResourceState.Restarting);
            using var client = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            Assert.True(await client.GetDatabase().StringSetAsync("moved", "yes"));
        }
        finally
        {
            await supervisor.StopAsync(TimeSpan.FromSeconds(5));
            Directory.Delete(data, recursive: true);
        }

        Assert.False(ProcessTable.IsRunning(notifications.History("redis").First(snapshot => snapshot.ProcessId is not null).ProcessId!.Value));
    }
}
