using Platform.AppHost.RabbitMQ;

namespace Platform.Testing;

/// <summary>A RabbitMQ node (and its port mapper) of its own for a test.</summary>
public sealed class RabbitMQFixture : ResourceFixture
{
    public const string ResourceName = "messaging";

    public RabbitMQFixture() => RabbitMQ = Builder.AddRabbitMQ(ResourceName).Resource;

    public RabbitMQServerResource RabbitMQ { get; }

    /// <summary>amqp://guest:guest@127.0.0.1:port</summary>
    public string ConnectionString => RabbitMQ.ConnectionString;

    public int Port => RabbitMQ.Amqp.Port;

    public int ProcessId => ProcessIdOf(ResourceName);
}
