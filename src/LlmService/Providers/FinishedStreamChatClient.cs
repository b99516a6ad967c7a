using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers;

/// <summary>
/// The providers' SDKs end a chat stream quietly when it is cancelled or when the connection ends before the server's
/// last message; a caller must tell those apart from a complete reply, so here they throw.
/// </summary>
internal sealed class FinishedStreamChatClient(IChatClient inner, string provider, string unfinished) : DelegatingChatClient(inner)
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
            throw new ProviderException(provider, unfinished);
        }
    }
}
