using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.LlmService.Providers.Ollama;

/// <summary>Ollama's native <c>/api/chat</c> JSON: a request, and one NDJSON line per streamed chunk.</summary>
internal static class OllamaWireFormat
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

internal sealed record OllamaChatRequest(
    string Model,
    IReadOnlyList<OllamaMessage> Messages,
    bool Stream,
    string KeepAlive,
    OllamaRequestOptions? Options = null);

internal sealed record OllamaMessage(string Role, string Content);

/// <summary>Ollama's sampling options; null fields keep the model's defaults.</summary>
internal sealed record OllamaRequestOptions(
    float? Temperature,
    int? TopK,
    float? TopP,
    long? Seed,
    int? NumPredict,
    IReadOnlyList<string>? Stop);

/// <summary>One NDJSON line: a piece of the message, the final line (<c>done</c>) with counts, or an error.</summary>
internal sealed record OllamaChatChunk(
    string? Model,
    OllamaMessage? Message,
    bool Done,
    string? DoneReason,
    int? PromptEvalCount,
    int? EvalCount,
    string? Error);
