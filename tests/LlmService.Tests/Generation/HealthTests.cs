using Grpc.Core;
using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Readiness;
using Platform.LlmService.Tests.Providers.Fakes;

namespace Platform.LlmService.Tests.Generation;

/// <summary>/health says ready only once the model is loaded and warm; /alive answers from the start.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private readonly HttpClient http = new() { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
    private FakeProviderServer ollama = null!;

    public async ValueTask InitializeAsync() => ollama = await FakeProviderServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await ollama.DisposeAsync();
    }

    [Fact]
    public async Task HealthIsUnavailableWhileTheModelLoadsAndReadyAfterItsWarmUp()
    {
        await using var server = await LlmServer.StartAsync(OllamaSettings(), waitUntilReady: false);

        using (var loading = await http.GetAsync(new Uri(server.Address, "/health"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
            Assert.Equal("Loading", await ModelStateAsync(loading));
        }

        using (var alive = await http.GetAsync(new Uri(server.Address, "/alive"), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        ollama.PreloadGate.SetResult();
        var state = await server.Readiness.Settled.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(ReadinessPhase.Ready, state.Phase);
        using var ready = await http.GetAsync(new Uri(server.Address, "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Ready", await ModelStateAsync(ready));
        var requests = ollama.Requests;
        Assert.Equal(0, requests[0].GetProperty("messages").GetArrayLength());
        Assert.Equal("30m", requests[0].GetProperty("keep_alive").GetString());
        Assert.True(requests.Count >= 2, "no warm-up generation followed the preload");
    }

    [Fact]
    public async Task GenerateIsUnavailableUntilTheModelIsWarm()
    {
        await using var server = await LlmServer.StartAsync(OllamaSettings(), waitUntilReady: false);

        var failure = await Assert.ThrowsAsync<RpcException>(() => Transcript.CollectAsync(server.Channel, Requests.User("Hi")));

        Assert.Equal(StatusCode.Unavailable, failure.StatusCode);
        Assert.Contains("Loading", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOllamaProviderServesGenerateThroughTheService()
    {
        ollama.PreloadGate.SetResult();
        ollama.Script = FakeScript.Text("Hello", " there");
        await using var server = await LlmServer.StartAsync(OllamaSettings());

        var transcript = await Transcript.CollectAsync(server.Channel, Requests.User("Hi"));

        Assert.Equal("Hello there", transcript.Text);
        Assert.Equal("qwen2.5:3b", transcript.Started!.Model);
        Assert.Equal(7, transcript.Completed!.PromptTokens);
        Assert.Equal(2, transcript.Completed.CompletionTokens);
    }

    private Dictionary<string, string?> OllamaSettings() => new()
    {
        ["Llm:Provider"] = "ollama",
        ["Llm:Model"] = "qwen2.5:3b",
        ["Llm:BaseUrl"] = ollama.Address.ToString(),
    };

    private static async Task<string?> ModelStateAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.GetProperty("checks").GetProperty("model").GetProperty("data").GetProperty("state").GetString();
    }
}
