using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace Platform.Testing;

/// <summary>A RabbitMQ node (and its port mapper) of its own for a test.</summary>
public sealed class RabbitMQFixture : ResourceFixture
{
    public const string ResourceName = "messaging";

    public RabbitMQFixture() => Builder.AddRabbitMQServer(ResourceName);

    /// <summary>amqp://guest:guest@127.0.0.1:port</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public int Port => Application.GetEndpoint(ResourceName, "tcp").Port;

    public int ProcessId => ProcessIdOf(ResourceName);

    protected override async Task OnStartedAsync() =>
        ConnectionString = await Application.GetConnectionStringAsync(ResourceName) ?? string.Empty;
}
