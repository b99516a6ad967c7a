namespace Platform.SttService.Tests.Recognition;

/// <summary>
/// A service of its own for the streaming tests: they send audio at a microphone's pace and expect it decoded as it
/// arrives, which a decoder busy with another test class's work would hold back.
/// </summary>
public sealed class StreamingSttServer : IAsyncLifetime
{
    private SttServer? server;

    public SttServer Server => server ?? throw new InvalidOperationException("The streaming server has not started.");

    public async ValueTask InitializeAsync() => server = await SttServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
