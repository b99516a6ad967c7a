namespace Platform.AppHost.RabbitMQ;

/// <summary>A RabbitMQ node from Debian's package on 127.0.0.1, with its own HOME, data, config and port mapper; no plugins.</summary>
public sealed class RabbitMQServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "amqp";

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
