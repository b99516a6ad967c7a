using System.Text.Json;

namespace Platform.LlmService.Tests.Providers.Fakes;

/// <summary>Ollama's <c>/api/chat</c> stream: one JSON object per line, the last with <c>done: true</c> and counts.</summary>
public sealed class OllamaWire : IProviderWire
{
    public static readonly OllamaWire Instance = new();

    public string ContentType => "application/x-ndjson";

    public string Begin(string model) => string.Empty;

    public string Piece(string model, string text) => Line(new
    {
        model,
        created_at = "2025-01-01T00:00:00Z",
        message = new { role = "assistant", content = text },
        done = false,
    });

    public string End(string model, string reason, int promptTokens, int completionTokens) => Line(new
    {
        model,
        created_at = "2025-01-01T00:00:01Z",
        message = new { role = "assistant", content = string.Empty },
        done = true,
        done_reason = reason,
        total_duration = 1_000_000,
        prompt_eval_count = promptTokens,
        eval_count = completionTokens,
    });

    public string Error(string message) => Line(new { error = message });

    public string ErrorBody(string message) => JsonSerializer.Serialize(new { error = message });

    private static string Line(object value) => JsonSerializer.Serialize(value) + "\n";
}
