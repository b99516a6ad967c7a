using System.Text;
using System.Text.Json;
using Grpc.Core;
using Platform.Contracts.Llm;
using Platform.Contracts.OpenAI;
using Platform.ServiceDefaults.OpenAI;

namespace Platform.LlmService.OpenAI;

/// <summary>
/// Generate's events as OpenAI's chat completion: streamed, <c>chat.completion.chunk</c> events (the headers go with
/// the first, so a refusal before it is still an error status) ending with <c>data: [DONE]</c>; whole, one
/// <c>chat.completion</c> once the reply is complete.
/// </summary>
internal sealed class ChatCompletionWriter(HttpContext context, bool stream, bool includeUsage) : IServerStreamWriter<GenerateEvent>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string id = "chatcmpl-" + Guid.NewGuid().ToString("N");
    private readonly long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    private readonly StringBuilder text = new();
    private GenerateEvent.Types.Started started = new();

    public WriteOptions? WriteOptions { get; set; }

    private HttpResponse Response => context.Response;

    public Task WriteAsync(GenerateEvent message) => WriteAsync(message, context.RequestAborted);

    public async Task WriteAsync(GenerateEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message.EventCase)
        {
            case GenerateEvent.EventOneofCase.Started:
                started = message.Started;
                if (stream)
                {
                    Response.ContentType = "text/event-stream";
                    Response.Headers.CacheControl = "no-cache";
                    await WriteEventAsync(Chunk(new { role = "assistant", content = string.Empty }, null), cancellationToken);
                }

                break;
            case GenerateEvent.EventOneofCase.Token when stream:
                await WriteEventAsync(Chunk(new { content = message.Token.Text }, null), cancellationToken);
                break;
            case GenerateEvent.EventOneofCase.Token:
                text.Append(message.Token.Text);
                break;
            case GenerateEvent.EventOneofCase.Completed when stream:
                await WriteEventAsync(Chunk(new { }, FinishReason(message.Completed)), cancellationToken);
                if (includeUsage)
                {
                    await WriteEventAsync(new { id, @object = "chat.completion.chunk", created, model = started.Model, choices = Array.Empty<object>(), usage = Usage(message.Completed) }, cancellationToken);
                }

                await WriteRawAsync("data: [DONE]\n\n", cancellationToken);
                break;
            case GenerateEvent.EventOneofCase.Completed:
                await Response.WriteAsJsonAsync(new
                {
                    id,
                    @object = "chat.completion",
                    created,
                    model = started.Model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = text.ToString() }, finish_reason = FinishReason(message.Completed) } },
                    usage = Usage(message.Completed),
                }, Json, cancellationToken);
                break;
        }
    }

    /// <summary>A failure: its status when nothing was sent yet, else an <c>error</c> event that ends the stream.</summary>
    public async Task FailAsync(int status, string message, string? param, string? code, TimeSpan? retryAfter = null)
    {
        if (!Response.HasStarted)
        {
            await OpenAIErrorResult.Create(status, message, param, code, retryAfter).ExecuteAsync(context);
            return;
        }

        await WriteEventAsync(new { error = OpenAIError.For(status, message, param, code) }, context.RequestAborted);
    }

    private object Chunk(object delta, string? finishReason) =>
        new { id, @object = "chat.completion.chunk", created, model = started.Model, choices = new[] { new { index = 0, delta, finish_reason = finishReason } } };

    /// <summary>OpenAI's usage, plus <c>dropped_messages</c>: the oldest messages left out so the prompt fit the model's context.</summary>
    private object Usage(GenerateEvent.Types.Completed completed) => new
    {
        prompt_tokens = completed.PromptTokens,
        completion_tokens = completed.CompletionTokens,
        total_tokens = completed.PromptTokens + completed.CompletionTokens,
        prompt_tokens_details = new { cached_tokens = started.CachedTokens },
        dropped_messages = started.DroppedMessages,
    };

    private static string FinishReason(GenerateEvent.Types.Completed completed) => completed.FinishReason is "length" or "max_tokens" ? "length" : "stop";

    private Task WriteEventAsync(object payload, CancellationToken cancellationToken) =>
        WriteRawAsync($"data: {JsonSerializer.Serialize(payload, Json)}\n\n", cancellationToken);

    private async Task WriteRawAsync(string data, CancellationToken cancellationToken)
    {
        Encoding.UTF8.GetBytes(data, Response.BodyWriter);
        await Response.BodyWriter.FlushAsync(cancellationToken);
    }
}
