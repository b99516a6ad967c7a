using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Servers;

/// <summary>Ports chosen here, not by DCP: servers keep one address across restarts without a proxy, and ./run.sh documents fixed ports.</summary>
public static class LoopbackPort
{
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
