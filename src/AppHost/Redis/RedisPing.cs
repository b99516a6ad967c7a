using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.AppHost.Redis;

/// <summary>The Redis readiness probe: PING answered with PONG, spoken in RESP directly.</summary>
internal static class RedisPing
{
    public static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
        var reply = new byte[64];
        var read = await stream.ReadAsync(reply, cancellationToken);
        return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
    }
}
