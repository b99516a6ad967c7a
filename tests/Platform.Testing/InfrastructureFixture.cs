using Platform.AppHost.Hosting;
using Platform.AppHost.Postgres;
using Platform.AppHost.RabbitMQ;
using Platform.AppHost.Redis;

namespace Platform.Testing;

/// <summary>
/// Redis, RabbitMQ and PostgreSQL together, started in parallel under the names the AppHost gives them, with the
/// Gateway's database: what a test of the Gateway against real infrastructure needs.
/// </summary>
public sealed class InfrastructureFixture : ResourceFixture
{
    public InfrastructureFixture()
    {
        Redis = Builder.AddRedis("redis").Resource;
        Messaging = Builder.AddRabbitMQ("messaging").Resource;
        Conversations = Builder.AddPostgres("postgres").AddDatabase("conversations").Resource;
    }

    public RedisResource Redis { get; }

    public RabbitMQServerResource Messaging { get; }

    public PostgresDatabaseResource Conversations { get; }

    /// <summary>The environment a service gets from the AppHost for these three, to pass to a <see cref="ServiceFixture"/>.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings => new[] { (IResourceWithConnectionString)Redis, Messaging, Conversations }
        .ToDictionary(resource => $"ConnectionStrings__{resource.Name}", resource => resource.ConnectionString);
}
