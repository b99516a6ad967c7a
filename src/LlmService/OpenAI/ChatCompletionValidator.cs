using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Contracts.Llm;

namespace Platform.LlmService.OpenAI;

/// <summary>
/// Checks a chat-completion request against OpenAI's documented ranges before anything runs, so a client's mistake is
/// a 400 naming the parameter (which SDKs do not retry), never a refusal from deeper in the service relayed as a 5xx.
/// </summary>
public static class ChatCompletionValidator
{
    public const int MaxTokensLimit = 4_096;
    public const int MaxStops = 4;
    public const int MaxStopLength = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ChatCompletionCheck Check(ChatCompletionRequest? request, int defaultMaxTokens)
    {
        if (request?.Messages is not { Count: > 0 } messages)
        {
            return Invalid("messages", "'messages' must hold at least one message.");
        }

        var prompt = new List<ChatMessage>(messages.Count);
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index];
            if (ToRole(message.Role) is not { } role)
            {
                return Invalid($"messages[{index}].role", $"messages[{index}].role '{message.Role}' is not one of system, developer, user, assistant.");
            }

            if (TextOf(message.Content) is not { } text)
            {
                return Invalid($"messages[{index}].content", $"messages[{index}].content must be a string or an array of text parts.");
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                return Invalid($"messages[{index}].content", $"messages[{index}].content is empty.");
            }

            if (!IsValidText(text))
            {
                return Invalid($"messages[{index}].content", $"messages[{index}].content contains a NUL character or an unpaired surrogate; text must be valid Unicode without NUL.");
            }

            prompt.Add(new ChatMessage { Role = role, Content = text });
        }

        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens ?? defaultMaxTokens;
        var tokensParam = request.MaxCompletionTokens is null ? "max_tokens" : "max_completion_tokens";
        if (maxTokens is < 1 or > MaxTokensLimit)
        {
            return Invalid(tokensParam, string.Create(CultureInfo.InvariantCulture, $"{tokensParam} is {maxTokens}; it must be between 1 and {MaxTokensLimit}."));
        }

        if (OutOf(request.Temperature, 0, 2) is { } temperature)
        {
            return Invalid("temperature", $"temperature is {temperature}; it must be between 0 and 2.");
        }

        if (OutOf(request.TopP, 0, 1) is { } topP)
        {
            return Invalid("top_p", $"top_p is {topP}; it must be between 0 and 1.");
        }

        if (OutOf(request.FrequencyPenalty, -2, 2) is { } frequency)
        {
            return Invalid("frequency_penalty", $"frequency_penalty is {frequency}; it must be between -2 and 2.");
        }

        if (OutOf(request.PresencePenalty, -2, 2) is { } presence)
        {
            return Invalid("presence_penalty", $"presence_penalty is {presence}; it must be between -2 and 2.");
        }

        if (request.N is { } n && n != 1)
        {
            return Invalid("n", string.Create(CultureInfo.InvariantCulture, $"n is {n}; this server makes one choice per request (n = 1)."));
        }

        if (StopsOf(request.Stop) is not { } stops)
        {
            return Invalid("stop", $"stop must be a string or an array of at most {MaxStops} strings, each 1 to {MaxStopLength} characters.");
        }

        return new ChatCompletionCheck(new ValidChatCompletion(request, prompt, maxTokens, stops), StatusCodes.Status200OK, null, null);
    }

    private static ChatCompletionCheck Invalid(string param, string message) => new(null, StatusCodes.Status400BadRequest, param, message);

    private static string? OutOf(float? value, float min, float max) =>
        value is { } given && !(given >= min && given <= max) ? given.ToString(CultureInfo.InvariantCulture) : null;

    private static bool IsValidText(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            StrictUtf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static Role? ToRole(string? role) => role switch
    {
        "system" or "developer" => Role.System,
        "user" => Role.User,
        "assistant" => Role.Assistant,
        _ => null,
    };

    private static string? TextOf(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString();
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                        || !part.TryGetProperty("text", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        return null;
                    }

                    text.Append(value.GetString());
                }

                return text.ToString();
            default:
                return null;
        }
    }

    private static string[]? StopsOf(JsonElement? stop)
    {
        string[]? stops = stop switch
        {
            null or { ValueKind: JsonValueKind.Null } => [],
            { ValueKind: JsonValueKind.String } one => [one.GetString()!],
            { ValueKind: JsonValueKind.Array } many when many.GetArrayLength() <= MaxStops && many.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) =>
                many.EnumerateArray().Select(s => s.GetString()!).ToArray(),
            _ => null,
        };
        return stops is not null && stops.All(s => s.Length is >= 1 and <= MaxStopLength && IsValidText(s)) ? stops : null;
    }
}
