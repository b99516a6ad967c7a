using System.Text.Json.Serialization;

namespace Platform.TtsService.OpenAI;

/// <summary>OpenAI's speech request; unknown fields are ignored, as OpenAI's own servers do.</summary>
public sealed record SpeechRequest(
    string? Model,
    string? Input,
    string? Voice,
    [property: JsonPropertyName("response_format")] string? ResponseFormat,
    float? Speed);
