[assembly: AssemblyFixture(typeof(Platform.SttService.Tests.SharedSttServer))]

namespace Platform.SttService.Tests;

/// <summary>One service with default settings for every test that needs no special configuration, started once.</summary>
public sealed class SharedSttServer : IAsyncLifetime
{
    private SttServer? server;

    public SttServer Server => server ?? throw new InvalidOperationException("The shared server has not started.");

    public async ValueTask InitializeAsync() => server = await SttServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
