using System.Text.Json;

namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>Anthropic's Messages stream: named SSE events from <c>message_start</c> to <c>message_stop</c>.</summary>
public sealed class AnthropicWire : IProviderWire
{
    public static readonly AnthropicWire Instance = new();

    public string ContentType => "text/event-stream";

    public string Begin(string model) =>
        Event("message_start", new
        {
            type = "message_start",
            message = new
            {
                id = "msg_1",
                type = "message",
                role = "assistant",
                model,
                content = Array.Empty<object>(),
                stop_reason = (string?)null,
                stop_sequence = (string?)null,
                usage = new { input_tokens = 7, output_tokens = 1 },
            },
        }) +
        Event("content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = string.Empty } }) +
        Event("ping", new { type = "ping" });

    public string Piece(string model, string text) =>
        Event("content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text } });

    public string End(string model, string reason, int promptTokens, int completionTokens) =>
        Event("content_block_stop", new { type = "content_block_stop", index = 0 }) +
        Event("message_delta", new
        {
            type = "message_delta",
            delta = new { stop_reason = reason == "length" ? "max_tokens" : "end_turn", stop_sequence = (string?)null },
            usage = new { output_tokens = completionTokens },
        }) +
        Event("message_stop", new { type = "message_stop" });

    public string Error(string message) => Event("error", new { type = "error", error = new { type = "overloaded_error", message } });

    public string ErrorBody(string message) => JsonSerializer.Serialize(new { type = "error", error = new { type = "rate_limit_error", message } });

    private static string Event(string name, object data) => $"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n";
}
