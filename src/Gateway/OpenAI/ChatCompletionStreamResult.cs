using System.Text;
using System.Text.Json;
using Platform.Gateway.Turns;

namespace Platform.Gateway.OpenAI;

/// <summary>A turn as OpenAI's streamed chat completion: <c>chat.completion.chunk</c> events, then <c>data: [DONE]</c>.</summary>
public sealed class ChatCompletionStreamResult(string id, long created, string? requestedModel, TurnStream stream, bool includeUsage) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        ServerSentEventsWriter.Begin(httpContext);
        using var tracked = GatewayTelemetry.TrackStream();
        var model = requestedModel ?? string.Empty;
        try
        {
            await foreach (var turnEvent in stream.ReadAsync(0, cancellationToken))
            {
                switch (turnEvent.Type)
                {
                    case TurnEvent.Started:
                        model = JsonSerializer.Deserialize<TurnStartedPayload>(turnEvent.Data, JsonSerializerOptions.Web)!.Model;
                        await WriteAsync(response, Chunk(model, new { role = "assistant", content = string.Empty }, null), cancellationToken);
                        break;
                    case TurnEvent.Token:
                        var token = JsonSerializer.Deserialize<TokenPayload>(turnEvent.Data, JsonSerializerOptions.Web)!;
                        await WriteAsync(response, Chunk(model, new { content = token.Text }, null), cancellationToken);
                        break;
                    case TurnEvent.Completed:
                        var completed = JsonSerializer.Deserialize<TurnCompletedPayload>(turnEvent.Data, JsonSerializerOptions.Web)!;
                        await WriteAsync(response, Chunk(model, new { }, ChatCompletionsApi.FinishReason(completed)), cancellationToken);
                        if (includeUsage)
                        {
                            await WriteAsync(response, new { id, @object = "chat.completion.chunk", created, model, choices = Array.Empty<object>(), usage = ChatCompletionsApi.Usage(completed.Usage) }, cancellationToken);
                        }

                        await WriteRawAsync(response, "data: [DONE]\n\n", cancellationToken);
                        break;
                    case TurnEvent.Error:
                        var error = JsonSerializer.Deserialize<TurnErrorPayload>(turnEvent.Data, JsonSerializerOptions.Web)!;
                        await WriteAsync(response, new { error = new { message = error.Message, type = "server_error", param = (string?)null, code = error.Code } }, cancellationToken);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client hung up; a stateless turn is cancelled with it.
        }
    }

    private object Chunk(string model, object delta, string? finishReason) =>
        new { id, @object = "chat.completion.chunk", created, model, choices = new[] { new { index = 0, delta, finish_reason = finishReason } } };

    private static Task WriteAsync(HttpResponse response, object payload, CancellationToken cancellationToken) =>
        WriteRawAsync(response, $"data: {JsonSerializer.Serialize(payload, ChatCompletionsApi.SerializerOptions)}\n\n", cancellationToken);

    private static async Task WriteRawAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        Encoding.UTF8.GetBytes(text, response.BodyWriter);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
