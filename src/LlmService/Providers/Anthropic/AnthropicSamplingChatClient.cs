using System.Text.Json;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers.Anthropic;

/// <summary>
/// The Anthropic SDK's <see cref="IChatClient"/> sends neither temperature nor top_p nor top_k (its request type has no
/// members for them), though the Messages API takes all three. This passes them as raw body fields of the request the
/// SDK starts from; that request must already name the model, the token limit and (empty) messages.
/// </summary>
internal sealed class AnthropicSamplingChatClient(IChatClient inner, string model, int maxTokens) : DelegatingChatClient(inner)
{
    private static readonly Dictionary<string, JsonElement> None = [];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithSampling(options), cancellationToken);

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetStreamingResponseAsync(messages, WithSampling(options), cancellationToken);

    private ChatOptions? WithSampling(ChatOptions? options)
    {
        if (options is null || (options.Temperature is null && options.TopP is null && options.TopK is null) || options.RawRepresentationFactory is not null)
        {
            return options;
        }

        var body = new Dictionary<string, JsonElement>
        {
            ["model"] = JsonSerializer.SerializeToElement(options.ModelId ?? model),
            ["max_tokens"] = JsonSerializer.SerializeToElement(options.MaxOutputTokens ?? maxTokens),
            ["messages"] = JsonSerializer.SerializeToElement(Array.Empty<object>()),
        };
        if (options.Temperature is { } temperature)
        {
            body["temperature"] = JsonSerializer.SerializeToElement(temperature);
        }

        if (options.TopP is { } topP)
        {
            body["top_p"] = JsonSerializer.SerializeToElement(topP);
        }

        if (options.TopK is { } topK)
        {
            body["top_k"] = JsonSerializer.SerializeToElement(topK);
        }

        var copy = options.Clone();
        copy.RawRepresentationFactory = _ => MessageCreateParams.FromRawUnchecked(None, None, body);
        return copy;
    }
}
