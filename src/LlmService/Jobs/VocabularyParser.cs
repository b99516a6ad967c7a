using System.Text.Json;
using Platform.Contracts.Jobs;

namespace Platform.LlmService.Jobs;

/// <summary>
/// Reads vocabulary from a model's free text: the first JSON array in it (so prose and code fences around it do not
/// matter), each item an object with every field present and a CEFR level A1 to C2.
/// </summary>
public static class VocabularyParser
{
    private static readonly string[] Levels = ["A1", "A2", "B1", "B2", "C1", "C2"];
    private static readonly string[] FieldNames = ["term", "lemma", "partOfSpeech", "definition", "example", "cefrLevel"];

    /// <summary>The items, or null with <paramref name="problem"/> saying, for a repair prompt, what was wrong.</summary>
    public static IReadOnlyList<VocabularyTerm>? TryParse(string text, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = "it contains no JSON array.";
        for (var start = text.IndexOf('[', StringComparison.Ordinal); start >= 0; start = text.IndexOf('[', start + 1))
        {
            if (FindArrayEnd(text, start) is not { } end)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text.AsMemory(start, end - start + 1));
            }
            catch (JsonException ex)
            {
                problem = $"its JSON array is malformed ({ex.Message}).";
                continue;
            }

            using (document)
            {
                return Read(document.RootElement, out problem);
            }
        }

        return null;
    }

    private static List<VocabularyTerm>? Read(JsonElement array, out string problem)
    {
        var terms = new List<VocabularyTerm>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                problem = $"item {index} is not an object.";
                return null;
            }

            var fields = new string[FieldNames.Length];
            for (var i = 0; i < FieldNames.Length; i++)
            {
                if (Field(item, FieldNames[i]) is not { } value)
                {
                    problem = $"item {index} has no text in \"{FieldNames[i]}\".";
                    return null;
                }

                fields[i] = value;
            }

            var level = fields[5].ToUpperInvariant();
            if (!Levels.Contains(level))
            {
                problem = $"item {index} has cefrLevel \"{fields[5]}\"; use one of A1, A2, B1, B2, C1, C2.";
                return null;
            }

            terms.Add(new VocabularyTerm(fields[0], fields[1], fields[2].ToLowerInvariant(), fields[3], fields[4], level));
            index++;
        }

        problem = string.Empty;
        return terms;
    }

    private static string? Field(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
                && property.Value.ValueKind == JsonValueKind.String
                && property.Value.GetString()!.Trim() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The index of the bracket closing the one at <paramref name="start"/>, skipping brackets inside strings.</summary>
    private static int? FindArrayEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}' && --depth == 0)
            {
                return c == ']' ? i : null;
            }
        }

        return null;
    }
}
