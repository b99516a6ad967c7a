using System.Text;
using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Reads a judge's verdict from a model's free text: the first JSON object in it with a <c>completed</c> array
/// (prose and code fences around it do not matter), naming only objectives that were asked about.
/// </summary>
public static class VerdictParser
{
    /// <summary>The completed objective ids, or null with <paramref name="problem"/> saying, for a repair prompt, what was wrong.</summary>
    public static IReadOnlyList<string>? TryParse(string text, IReadOnlyList<JudgedObjective> asked, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(asked);
        problem = "it contains no JSON object with a \"completed\" array.";
        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            if (FirstValue(text[start..]) is not { } value)
            {
                continue;
            }

            using (value)
            {
                if (!value.RootElement.TryGetProperty("completed", out var completed))
                {
                    continue;
                }

                return Read(completed, asked, out problem);
            }
        }

        return null;
    }

    private static List<string>? Read(JsonElement completed, IReadOnlyList<JudgedObjective> asked, out string problem)
    {
        if (completed.ValueKind != JsonValueKind.Array)
        {
            problem = "\"completed\" is not an array.";
            return null;
        }

        var ids = new List<string>();
        foreach (var item in completed.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString() is not { } id || !asked.Any(o => o.Id == id))
            {
                problem = $"\"completed\" holds {item.GetRawText()}, which is not one of the objective ids {string.Join(", ", asked.Select(o => $"\"{o.Id}\""))}.";
                return null;
            }

            ids.Add(id);
        }

        problem = string.Empty;
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The JSON value at the start of <paramref name="text"/>, ignoring whatever follows it, or null when it is not one.</summary>
    private static JsonDocument? FirstValue(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            return JsonDocument.TryParseValue(ref reader, out var document) && document.RootElement.ValueKind == JsonValueKind.Object ? document : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
