using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>
/// OllamaSharp ends a chat stream quietly when it is cancelled or when the connection ends before Ollama's final
/// (<c>done</c>) line; a caller must tell those apart from a complete reply, so they throw here.
/// </summary>
internal sealed class OllamaStreamEnd(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            finished |= update.FinishReason is not null;
            yield return update;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (!finished)
        {
            throw new ProviderException(OllamaProvider.ProviderName, "the stream ended before its final (done) line.");
        }
    }
}
