using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// <see cref="IChatClient"/> over the local llama.cpp model: formats and tokenizes the conversation, queues it for
/// the <see cref="BatchedDecoder"/> and streams its text as it is decoded. Leaving the stream early, or cancelling,
/// withdraws the request, and the stream only ends once the decoder has let go of it.
/// </summary>
internal sealed class LocalChatClient(
    string modelId,
    LlamaModel model,
    PromptFormatter formatter,
    BatchedDecoder decoder,
    int defaultMaxTokens) : IChatClient
{
    /// <summary>Span attribute: tokens decoded after the caller cancelled, before the decoder stopped (at most one).</summary>
    public const string TokensAfterCancellationTag = "llm.tokens_after_cancel";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var generation = Prepare(messages, options);
        decoder.Submit(generation);

        // Flag the request the moment the caller gives up, so the decoder stops before its next token even if the
        // thread that reads this stream has not run yet.
        using var cancellation = cancellationToken.Register(static state => ((LocalGeneration)state!).Cancel(), generation);
        try
        {
            await foreach (var generationEvent in generation.Events.ReadAllAsync(cancellationToken))
            {
                yield return ToUpdate(generationEvent, generation.PromptTokens.Length);
            }
        }
        finally
        {
            if (!generation.Released.IsCompleted)
            {
                decoder.Withdraw(generation);
            }

            await generation.Released;
            if (generation.FinishReason == LocalGeneration.Cancelled)
            {
                Activity.Current?.SetTag(TokensAfterCancellationTag, generation.TokensAfterCancellation);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("llama.cpp", null, modelId)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    /// <summary>The exact size of the prompt <paramref name="messages"/> make: formatted as the model reads them, then tokenized.</summary>
    public int CountPromptTokens(IEnumerable<ChatMessage> messages) => Tokenize(messages).Length;

    private int[] Tokenize(IEnumerable<ChatMessage> messages) =>
        model.Tokenize(formatter.Format(messages), addSpecial: true, parseSpecial: formatter.ParseSpecialTokens);

    private LocalGeneration Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var prompt = Tokenize(messages);
        var room = decoder.SequenceContext - prompt.Length;
        if (room < 1)
        {
            throw new GenerationRejectedException(RejectionReason.ContextExceeded,
                $"The prompt is {prompt.Length} tokens but the model's context holds {decoder.SequenceContext} per request, " +
                "with at least one left to generate; shorten the conversation.");
        }

        var sampling = new SamplingSettings(
            options?.Temperature ?? SamplingSettings.DefaultTemperature,
            options?.TopK ?? SamplingSettings.DefaultTopK,
            options?.TopP ?? SamplingSettings.DefaultTopP,
            (uint)(options?.Seed ?? 0));
        var maxTokens = Math.Min(options?.MaxOutputTokens ?? defaultMaxTokens, room);
        var stops = options?.StopSequences?.Where(stop => stop.Length > 0).ToList() ?? [];
        return new LocalGeneration(prompt, sampling, maxTokens, stops, PriorityOf(options), CacheKeyOf(options));
    }

    private static string? CacheKeyOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ChatRequestProperties.CacheKey, out var value) == true && value is string { Length: > 0 } key
            ? key
            : null;

    private static GenerationPriority PriorityOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(ChatRequestProperties.Priority, out var value) == true && value is GenerationPriority priority
            ? priority
            : GenerationPriority.Interactive;

    private ChatResponseUpdate ToUpdate(LocalGenerationEvent generationEvent, int promptTokens) => generationEvent switch
    {
        GenerationStarted started => new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = modelId,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = started.PromptTokens, CachedInputTokenCount = started.CachedTokens })],
            AdditionalProperties = new() { [ChatRequestProperties.QueueMilliseconds] = started.QueueTime.TotalMilliseconds },
        },
        GeneratedText text => new ChatResponseUpdate(ChatRole.Assistant, text.Text) { ModelId = modelId },
        GenerationFinished finished => new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = modelId,
            FinishReason = finished.FinishReason == LocalGeneration.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Contents =
            [
                new UsageContent(new UsageDetails
                {
                    InputTokenCount = promptTokens,
                    OutputTokenCount = finished.CompletionTokens,
                    TotalTokenCount = promptTokens + finished.CompletionTokens,
                }),
            ],
        },
        _ => throw new UnreachableException(),
    };
}
