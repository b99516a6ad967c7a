using System.Net;
using System.Net.Sockets;
using Platform.AppHost.Ports;

namespace Platform.AppHost.Tests.Ports;

public sealed class PortAllocatorTests
{
    [Fact]
    public void A_preferred_port_is_used_when_free()
    {
        var allocator = new PortAllocator();
        var free = allocator.Reserve().Port;
        allocator.Release(free);

        Assert.Equal(new PortReservation(free, PreferredWasTaken: false), allocator.Reserve(free));
    }

    [Fact]
    public void A_preferred_port_another_program_listens_on_is_replaced_and_reported()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var reservation = new PortAllocator().Reserve(taken);

        Assert.NotEqual(taken, reservation.Port);
        Assert.True(reservation.PreferredWasTaken);
        Assert.True(PortAllocator.IsFree(reservation.Port));
    }

    [Fact]
    public void A_port_is_never_handed_out_twice_while_reserved()
    {
        var allocator = new PortAllocator();
        var first = allocator.Reserve().Port;

        var ports = Enumerable.Range(0, 300).Select(_ => allocator.Reserve().Port).Append(allocator.Reserve(first).Port).Append(first).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
