using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OpenAIChatClient = OpenAI.Chat.ChatClient;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace Platform.LlmService.Providers.OpenAI;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK's streaming chat completions, for OpenAI and the servers that
/// speak its API (vLLM, llama.cpp's server, LM Studio, Ollama's /v1). Microsoft.Extensions.AI.OpenAI's
/// <c>AsIChatClient()</c> would fill this seam; it is not available here. top_k has no OpenAI parameter and is not sent.
/// </summary>
internal sealed class OpenAICompatibleChatClient(OpenAIChatClient client, string model, Uri endpoint) : IChatClient
{
    public const string ProviderName = "openai";

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var completionOptions = new ChatCompletionOptions
        {
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            MaxOutputTokenCount = options?.MaxOutputTokens,
        };
#pragma warning disable OPENAI001 // The SDK marks seed experimental; callers rely on it for repeatable output.
        completionOptions.Seed = options?.Seed;
#pragma warning restore OPENAI001
        foreach (var stop in options?.StopSequences ?? [])
        {
            completionOptions.StopSequences.Add(stop);
        }

        ChatFinishReason? finishReason = null;
        UsageDetails? usage = null;
        string? responseModel = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages.Select(ToOpenAI), completionOptions, cancellationToken))
        {
            responseModel ??= update.Model;
            foreach (var part in update.ContentUpdate)
            {
                if (part.Text is { Length: > 0 } text)
                {
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = update.Model };
                }
            }

            if (update.FinishReason is { } reason)
            {
                finishReason = reason switch
                {
                    global::OpenAI.Chat.ChatFinishReason.Length => ChatFinishReason.Length,
                    global::OpenAI.Chat.ChatFinishReason.ContentFilter => ChatFinishReason.ContentFilter,
                    global::OpenAI.Chat.ChatFinishReason.ToolCalls or global::OpenAI.Chat.ChatFinishReason.FunctionCall => ChatFinishReason.ToolCalls,
                    _ => ChatFinishReason.Stop,
                };
            }

            if (update.Usage is { } reported)
            {
                usage = new UsageDetails
                {
                    InputTokenCount = reported.InputTokenCount,
                    OutputTokenCount = reported.OutputTokenCount,
                    TotalTokenCount = reported.TotalTokenCount,
                };
            }

            if (update.ContentUpdate.Count == 0 && update.FinishReason is null && update.Usage is null && update.Role is null)
            {
                ThrowIfError(update);
            }
        }

        if (finishReason is null)
        {
            throw new ProviderException(ProviderName, "the stream ended without a finish reason.");
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = responseModel,
            FinishReason = finishReason,
            Contents = usage is null ? [] : [new UsageContent(usage)],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(ProviderName, endpoint, model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static OpenAIChatMessage ToOpenAI(ChatMessage message) =>
        message.Role == ChatRole.System ? new SystemChatMessage(message.Text)
        : message.Role == ChatRole.Assistant ? new AssistantChatMessage(message.Text)
        : new UserChatMessage(message.Text);

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
