using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Servers;

/// <summary>
/// Ports chosen here rather than by DCP, for servers that must keep one address across restarts without a proxy
/// (Redis, RabbitMQ and its Erlang ports, PostgreSQL) and for the fixed ports ./run.sh documents.
/// </summary>
public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 now.</summary>
    public static int Free() => PreferredOrFree(0);

    /// <summary><paramref name="preferred"/> when it is free (0 means any), else a free one.</summary>
    public static int PreferredOrFree(int preferred)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, preferred);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException)
        {
            return Free();
        }
    }
}
