using System.Net;
using System.Net.Sockets;
using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.RabbitMQ;

/// <summary>
/// The Erlang port mapper a RabbitMQ node registers with, started by us on its own port so that we own its PID
/// (an Erlang node would otherwise start a shared one that outlives us).
/// </summary>
public sealed class EpmdResource : ProcessResource
{
    internal static readonly RequiredProgram Epmd = new("epmd", "erlang-base");

    public EpmdResource(string name)
        : base(name)
    {
        Tcp = AddEndpoint("tcp");
        StartupTimeout = TimeSpan.FromSeconds(20);
    }

    public ResourceEndpoint Tcp { get; }

    internal override IEnumerable<RequiredProgram> RequiredPrograms => [Epmd];

    internal override ProcessSpec CreateProcess(ResourceContext context) =>
        new(context.PathOf(Epmd), ["-address", "127.0.0.1", "-port", Tcp.Port.Invariant()]) { WorkingDirectory = context.DataDirectory };

    internal override async Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Tcp.Port, cancellationToken);
        return true;
    }
}
