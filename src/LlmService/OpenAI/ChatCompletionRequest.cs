using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.LlmService.OpenAI;

/// <summary>The parts of OpenAI's chat-completion request that this server honours; unknown fields are ignored, as OpenAI's own servers do.</summary>
public sealed record ChatCompletionRequest(
    string? Model,
    IReadOnlyList<ChatCompletionMessage>? Messages,
    bool Stream,
    float? Temperature,
    [property: JsonPropertyName("top_p")] float? TopP,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens,
    [property: JsonPropertyName("max_completion_tokens")] int? MaxCompletionTokens,
    JsonElement? Stop,
    uint? Seed,
    [property: JsonPropertyName("frequency_penalty")] float? FrequencyPenalty,
    [property: JsonPropertyName("presence_penalty")] float? PresencePenalty,
    int? N,
    [property: JsonPropertyName("stream_options")] StreamOptions? StreamOptions);

public sealed record ChatCompletionMessage(string? Role, JsonElement Content);

public sealed record StreamOptions([property: JsonPropertyName("include_usage")] bool IncludeUsage);
