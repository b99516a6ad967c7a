[assembly: AssemblyFixture(typeof(Platform.Gateway.Tests.Infrastructure.GatewayEnvironment))]

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>One real PostgreSQL and one real Redis for the whole run; each test gets its own database.</summary>
public sealed class GatewayEnvironment : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        Postgres = await postgres;
        Redis = await redis;
    }

    public async ValueTask DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
