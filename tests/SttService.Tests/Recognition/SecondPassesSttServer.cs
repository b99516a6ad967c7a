namespace Platform.SttService.Tests.Recognition;

/// <summary>
/// A service with pocketsphinx's second passes on (<c>Stt:SecondPasses</c>), the accurate mode: one test sentence
/// ("Open the door and close the window.") is heard with 43% of its words wrong with them and 86% without, so the
/// per-sentence bar holds for this mode and the default, faster one is held to the bar over all sentences.
/// </summary>
public sealed class SecondPassesSttServer : IAsyncLifetime
{
    private SttServer? server;

    public SttServer Server => server ?? throw new InvalidOperationException("The server with second passes has not started.");

    public async ValueTask InitializeAsync() => server = await SttServer.StartAsync(new Dictionary<string, string?> { ["Stt:SecondPasses"] = "true" });

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
