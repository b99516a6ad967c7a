[assembly: AssemblyFixture(typeof(Platform.TtsService.Tests.SharedTtsServer))]

namespace Platform.TtsService.Tests;

/// <summary>
/// The one service with default settings that every test shares. espeak-ng is a single engine per process, so a
/// test process hosts one TtsService at a time; tests that need other settings build, and never start, their own.
/// </summary>
public sealed class SharedTtsServer : IAsyncLifetime
{
    private TtsServer? server;

    public TtsServer Server => server ?? throw new InvalidOperationException("The shared server has not started.");

    public async ValueTask InitializeAsync() => server = await TtsServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
