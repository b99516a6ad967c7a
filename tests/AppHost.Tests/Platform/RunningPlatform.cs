using System.Net;
using System.Net.Sockets;

namespace Platform.AppHost.Tests.Platform;

/// <summary>
/// The whole platform started by the AppHost once for a class of tests, with PLATFORM_GATEWAY_PORT set to a port
/// another program already listens on.
/// </summary>
public sealed class RunningPlatform : IAsyncLifetime
{
    private readonly TcpListener squatter = new(IPAddress.Loopback, 0);

    public int TakenGatewayPort { get; private set; }

    internal AppHostProcess AppHost { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        squatter.Start();
        TakenGatewayPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        AppHost = AppHostProcess.Start(new Dictionary<string, string> { ["PLATFORM_GATEWAY_PORT"] = TakenGatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await AppHost.WaitUntilRunningAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await AppHost.DisposeAsync();
        squatter.Dispose();
    }
}
