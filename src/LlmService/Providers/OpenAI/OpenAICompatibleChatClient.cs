using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Platform.LlmService.Providers.OpenAI;

/// <summary>
/// Microsoft.Extensions.AI.OpenAI's <see cref="IChatClient"/> over the official OpenAI SDK, for OpenAI and the servers
/// that speak its API (vLLM, llama.cpp's server, LM Studio, Ollama's /v1), with what those servers do that the SDK
/// does not expect: an error reported inside a running stream.
/// </summary>
internal sealed class OpenAICompatibleChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public const string ProviderName = "openai";

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            if (update.Contents.Count == 0 && update.FinishReason is null && update.RawRepresentation is StreamingChatCompletionUpdate raw)
            {
                ThrowIfError(raw);
            }

            yield return update;
        }
    }

    /// <summary>
    /// OpenAI-compatible servers report a failure inside a running stream as a chunk with an <c>error</c> object and no
    /// choices. The SDK has no member for it, so the chunk's own JSON (unknown members included) is read here.
    /// </summary>
    private static void ThrowIfError(StreamingChatCompletionUpdate update)
    {
        using var json = JsonDocument.Parse(ModelReaderWriter.Write(update, ModelReaderWriterOptions.Json).ToMemory());
        if (json.RootElement.TryGetProperty("error", out var error))
        {
            var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var text) ? text.GetString() : error.ToString();
            throw new ProviderException(ProviderName, message ?? "the server reported an error.");
        }
    }
}
