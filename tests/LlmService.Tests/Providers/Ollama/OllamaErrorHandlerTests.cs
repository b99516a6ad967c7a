using System.Net;
using System.Text;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Ollama;

namespace Platform.LlmService.Tests.Providers.Ollama;

/// <summary>Ollama's error words reach the caller even where OllamaSharp drops them; pure logic over canned responses.</summary>
public sealed class OllamaErrorHandlerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LinesBeforeAnErrorLineInTheSameReadArePassedOnThenTheErrorIsThrown()
    {
        const string body = "{\"message\":{\"content\":\"Once\"},\"done\":false}\n{\"message\":{\"content\":\" upon\"},\"done\":false}\n{\"error\":\"upstream overloaded\"}\n";
        using var client = ClientAnswering(HttpStatusCode.OK, body);

        using var response = await client.GetAsync("api/chat", HttpCompletionOption.ResponseHeadersRead, Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
        var first = await reader.ReadLineAsync(Token);
        var second = await reader.ReadLineAsync(Token);
        var failure = await Assert.ThrowsAsync<ProviderException>(async () => await reader.ReadLineAsync(Token));

        Assert.Contains("Once", first, StringComparison.Ordinal);
        Assert.Contains(" upon", second, StringComparison.Ordinal);
        Assert.Contains("upstream overloaded", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStreamWithoutErrorsIsPassedOnByteForByteIncludingAnUnterminatedLastLine()
    {
        var body = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"{{\"message\":{{\"content\":\"piece {i}\"}},\"done\":false}}\n")) + "{\"done\":true}";
        using var client = ClientAnswering(HttpStatusCode.OK, body);

        var received = await client.GetStringAsync("api/chat", Token);

        Assert.Equal(body, received);
    }

    [Fact]
    public async Task AnHttpErrorCarriesItsStatusAndOllamasReason()
    {
        using var client = ClientAnswering(HttpStatusCode.TooManyRequests, "{\"error\":\"slow down please\"}");

        var failure = await Assert.ThrowsAsync<ProviderException>(() => client.GetAsync("api/chat", Token));

        Assert.Equal(429, failure.HttpStatus);
        Assert.Contains("slow down please", failure.Message, StringComparison.Ordinal);
    }

    private static HttpClient ClientAnswering(HttpStatusCode status, string body) =>
        new(new OllamaErrorHandler { InnerHandler = new CannedResponse(status, body) }) { BaseAddress = new Uri("http://ollama.test/") };

    private sealed class CannedResponse(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) });
    }
}
