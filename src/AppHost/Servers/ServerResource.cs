using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Servers;

/// <summary>A Debian package's server run by DCP on 127.0.0.1, on a port fixed before it starts, with its data in its own folder.</summary>
public class ServerResource(string name, string command, int port, string dataFolder, Func<EndpointReference, ReferenceExpression> connectionString)
    : ExecutableResource(name, command, dataFolder), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public int Port { get; } = port;

    public string DataFolder { get; } = dataFolder;

    public EndpointReference PrimaryEndpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => connectionString(PrimaryEndpoint);

    /// <summary>Ready once its port accepts connections: Redis, RabbitMQ and epmd open theirs only when they are ready.</summary>
    public virtual async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        return HealthCheckResult.Healthy();
    }

    public static Func<EndpointReference, ReferenceExpression> Loopback(string prefix = "") =>
        endpoint => ReferenceExpression.Create($"{prefix}127.0.0.1:{endpoint.Property(EndpointProperty.Port)}");
}
