using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Platform.Testing;

/// <summary>
/// Redis, RabbitMQ and PostgreSQL together, started in parallel under the names the AppHost gives them, with the
/// Gateway's database: what a test of the Gateway against real infrastructure needs.
/// </summary>
public sealed class InfrastructureFixture : ResourceFixture
{
    private static readonly string[] Names = ["redis", "messaging", "conversations"];

    public InfrastructureFixture()
    {
        Builder.AddRedisServer("redis");
        Builder.AddRabbitMQServer("messaging");
        Builder.AddPostgresServer("postgres").AddDatabase("conversations");
    }

    /// <summary>The environment a service gets from the AppHost for these three, to pass to a <see cref="ServiceFixture"/>.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings { get; private set; } = new Dictionary<string, string>();

    protected override async Task OnStartedAsync()
    {
        var values = new Dictionary<string, string>();
        foreach (var name in Names)
        {
            values[$"ConnectionStrings__{name}"] = await Application.GetConnectionStringAsync(name) ?? string.Empty;
        }

        ConnectionStrings = values;
    }
}
