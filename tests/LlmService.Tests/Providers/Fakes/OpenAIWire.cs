using System.Text.Json;

namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>OpenAI's chat-completion stream: SSE <c>data:</c> chunks, a usage chunk, then <c>data: [DONE]</c>.</summary>
public sealed class OpenAIWire : IProviderWire
{
    public static readonly OpenAIWire Instance = new();

    public string ContentType => "text/event-stream";

    public string Begin(string model) => Chunk(model, new { role = "assistant", content = string.Empty }, finishReason: null);

    public string Piece(string model, string text) => Chunk(model, new { content = text }, finishReason: null);

    public string End(string model, string reason, int promptTokens, int completionTokens) =>
        Chunk(model, new { }, reason) +
        Data(new
        {
            id = "chatcmpl-1",
            @object = "chat.completion.chunk",
            created = 1_735_689_600,
            model,
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        }) +
        "data: [DONE]\n\n";

    public string Error(string message) => Data(new { error = new { message, type = "server_error", param = (string?)null, code = (string?)null } });

    public string ErrorBody(string message) => JsonSerializer.Serialize(new { error = new { message, type = "rate_limit_exceeded", param = (string?)null, code = "rate_limit_exceeded" } });

    private static string Chunk(string model, object delta, string? finishReason) => Data(new
    {
        id = "chatcmpl-1",
        @object = "chat.completion.chunk",
        created = 1_735_689_600,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    private static string Data(object value) => "data: " + JsonSerializer.Serialize(value) + "\n\n";
}
