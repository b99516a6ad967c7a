using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>
/// <see cref="IChatClient"/> over Ollama's native <c>/api/chat</c> NDJSON stream, on HttpClient because OllamaSharp
/// (which implements the same interface) is not available here. Every request carries <c>keep_alive</c>, so the model
/// stays loaded between requests.
/// </summary>
internal sealed class OllamaChatClient(HttpClient http, string model, string keepAlive) : IChatClient
{
    public const string ProviderName = "ollama";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var body = new OllamaChatRequest(
            options?.ModelId ?? model,
            [.. messages.Select(message => new OllamaMessage(message.Role.Value, message.Text))],
            Stream: true,
            keepAlive,
            new OllamaRequestOptions(options?.Temperature, options?.TopK, options?.TopP, options?.Seed, options?.MaxOutputTokens, options?.StopSequences?.ToList()));
        using var response = await SendAsync(body, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var chunk = Parse(line);
            if (chunk.Error is { } error)
            {
                throw new ProviderException(ProviderName, error);
            }

            if (chunk.Message?.Content is { Length: > 0 } text)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = chunk.Model };
            }

            if (chunk.Done)
            {
                yield return Final(chunk);
                yield break;
            }
        }

        throw new ProviderException(ProviderName, "the stream ended before its final (done) line.");
    }

    /// <summary>Loads the model and keeps it loaded: Ollama's documented preload is a chat request without messages.</summary>
    public async Task PreloadAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new OllamaChatRequest(model, [], Stream: false, keepAlive), cancellationToken);
        var chunk = Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (chunk.Error is { } error)
        {
            throw new ProviderException(ProviderName, error);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(ProviderName, http.BaseAddress, model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private async Task<HttpResponseMessage> SendAsync(OllamaChatRequest body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/chat") { Content = JsonContent.Create(body, options: OllamaWireFormat.Json) };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = TryParse(text)?.Error ?? (text.Length > 0 ? text : response.ReasonPhrase ?? "no reason given");
            throw new ProviderException(ProviderName, $"HTTP {(int)response.StatusCode}: {reason}", (int)response.StatusCode);
        }
    }

    private static OllamaChatChunk Parse(string line) =>
        TryParse(line) ?? throw new ProviderException(ProviderName, $"the server sent a line that is not a chat chunk: {Truncate(line)}");

    private static OllamaChatChunk? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<OllamaChatChunk>(text, OllamaWireFormat.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ChatResponseUpdate Final(OllamaChatChunk chunk) => new()
    {
        Role = ChatRole.Assistant,
        ModelId = chunk.Model,
        FinishReason = chunk.DoneReason == "length" ? ChatFinishReason.Length : ChatFinishReason.Stop,
        Contents =
        [
            new UsageContent(new UsageDetails
            {
                InputTokenCount = chunk.PromptEvalCount,
                OutputTokenCount = chunk.EvalCount,
                TotalTokenCount = chunk.PromptEvalCount + chunk.EvalCount,
            }),
        ],
    };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
