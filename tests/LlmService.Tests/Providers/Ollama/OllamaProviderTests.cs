using Platform.LlmService.Tests.Providers.Fakes;

namespace Platform.LlmService.Tests.Providers.Ollama;

/// <summary>What the Ollama provider adds to OllamaSharp's requests, against the fake Ollama server.</summary>
public sealed class OllamaProviderTests : IAsyncLifetime
{
    private FakeProviderServer server = null!;

    public async ValueTask InitializeAsync() => server = await FakeProviderServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task EveryChatRequestCarriesKeepAliveSoTheModelStaysLoaded()
    {
        server.Script = FakeScript.Text("Hello");
        var client = RemoteProviders.Client("ollama", server.Address);

        await ChatStream.ReadAsync(client, "Hi");
        await ChatStream.ReadAsync(client, "Again");

        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Equal("30m", request.GetProperty("keep_alive").GetString()));
    }
}
