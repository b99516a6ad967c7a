using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Ports;

/// <summary>
/// Hands out loopback ports that are free now and not already promised to another resource of this process, so
/// two applications (or two test fixtures) in one process never collide, and a port someone else holds is skipped.
/// </summary>
public sealed class PortAllocator
{
    private readonly HashSet<int> reserved = [];
    private readonly Lock gate = new();

    /// <summary>The allocator every application in this process shares unless told otherwise.</summary>
    public static PortAllocator Shared { get; } = new();

    /// <summary>Reserves <paramref name="preferred"/> when it is free, else any free port.</summary>
    public PortReservation Reserve(int? preferred = null)
    {
        lock (gate)
        {
            if (preferred is > 0 and var wanted && !reserved.Contains(wanted) && IsFree(wanted))
            {
                reserved.Add(wanted);
                return new PortReservation(wanted, PreferredWasTaken: false);
            }

            while (true)
            {
                var port = AnyFreePort();
                if (reserved.Add(port))
                {
                    return new PortReservation(port, PreferredWasTaken: preferred is > 0);
                }
            }
        }
    }

    public void Release(int port)
    {
        lock (gate)
        {
            reserved.Remove(port);
        }
    }

    /// <summary>Whether a listener could bind 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            probe.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int AnyFreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
