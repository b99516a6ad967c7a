using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Servers;

/// <summary>Healthy once the server accepts connections: Redis, RabbitMQ and epmd open their port only when they are ready.</summary>
internal sealed class TcpPortCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (SocketException exception)
        {
            return HealthCheckResult.Unhealthy($"127.0.0.1:{port}: {exception.SocketErrorCode}");
        }
    }

    /// <summary>Registers the check under <paramref name="name"/>, for <c>WithHealthCheck(name)</c>.</summary>
    public static string Register(IDistributedApplicationBuilder builder, string name, int port)
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name, new TcpPortCheck(port), failureStatus: null, tags: null));
        return name;
    }
}
