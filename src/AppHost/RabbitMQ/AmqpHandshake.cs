using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.RabbitMQ;

/// <summary>
/// The RabbitMQ readiness probe: send the AMQP 0-9-1 protocol header and expect the broker's Connection.Start,
/// which it sends only once it accepts clients.
/// </summary>
internal static class AmqpHandshake
{
    private const byte MethodFrame = 1;
    private const ushort ConnectionClass = 10;
    private const ushort StartMethod = 10;

    public static async Task<bool> SucceedsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), cancellationToken);

        // Frame header (type, channel, size) then the method's class and method ids.
        var start = new byte[11];
        await stream.ReadExactlyAsync(start, cancellationToken);
        return start[0] == MethodFrame
            && (ushort)((start[7] << 8) | start[8]) == ConnectionClass
            && (ushort)((start[9] << 8) | start[10]) == StartMethod;
    }
}
