using MassTransit;
using Npgsql;
using Platform.AppHost.Orchestration;
using Platform.Testing;
using StackExchange.Redis;

namespace Platform.AppHost.Tests.Fixtures;

public sealed class InfrastructureFixtureTests
{
    [Fact]
    public async Task Redis_RabbitMQ_and_PostgreSQL_start_in_parallel_and_each_works_with_the_platforms_client()
    {
        await using var infrastructure = new InfrastructureFixture();
        await infrastructure.InitializeAsync();

        // In parallel: each began starting before any of them was running. RabbitMQ's start begins with its epmd.
        var notifications = infrastructure.Notifications;
        DateTimeOffset FirstTime(string resource, ResourceState state) => notifications.History(resource).First(snapshot => snapshot.State == state).At;
        var starts = new[] { FirstTime("redis", ResourceState.Starting), FirstTime("messaging-epmd", ResourceState.Starting), FirstTime("postgres", ResourceState.Starting) };
        var firstRunning = new[] { "redis", "messaging", "postgres" }.Min(resource => FirstTime(resource, ResourceState.Running));
        Assert.All(starts, start => Assert.True(start < firstRunning, $"a start at {start:O} came after the first resource ran at {firstRunning:O}"));

        await AssertRedisWorksAsync(infrastructure.Redis.ConnectionString);
        await AssertRabbitMQWorksAsync(infrastructure.Messaging.ConnectionString);
        await AssertPostgresWorksAsync(infrastructure.Conversations.ConnectionString);
        Assert.Contains("Database=conversations", infrastructure.Conversations.ConnectionString, StringComparison.Ordinal);
    }

    private static async Task AssertRedisWorksAsync(string connectionString)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var database = redis.GetDatabase();
        await database.StringSetAsync("fixture:greeting", "hello");
        Assert.Equal("hello", (string?)await database.StringGetAsync("fixture:greeting"));
    }

    private static async Task AssertRabbitMQWorksAsync(string connectionString)
    {
        var address = new Uri(connectionString);
        var user = address.UserInfo.Split(':');
        var received = new TaskCompletionSource<FixturePing>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(configure =>
        {
            configure.Host(address.Host, (ushort)address.Port, "/", host =>
            {
                host.Username(user[0]);
                host.Password(user[1]);
            });
            configure.ReceiveEndpoint("fixture-ping", endpoint => endpoint.Handler<FixturePing>(context =>
            {
                received.TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        });
        var cancellation = TestContext.Current.CancellationToken;
        await bus.StartAsync(cancellation);
        try
        {
            var sent = new FixturePing(Guid.NewGuid());
            await bus.Publish(sent, cancellation);
            Assert.Equal(sent, await received.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellation));
        }
        finally
        {
            await bus.StopAsync(cancellation);
        }
    }

    private static async Task AssertPostgresWorksAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(
            "CREATE TABLE greetings (text text); INSERT INTO greetings VALUES ('hello'); SELECT text FROM greetings;", connection);
        Assert.Equal("hello", await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
