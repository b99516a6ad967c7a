using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Gateway.Scenarios;

/// <summary>
/// The scenarios of the catalog folder, one JSON file each, read once at start. A file that is not valid stops the
/// Gateway with a <see cref="ScenarioFileException"/> naming the file and the field, so a broken catalog is never
/// served half-way.
/// </summary>
public sealed class ScenarioCatalog
{
    private static readonly string[] Levels = ["A1", "A2", "B1", "B2", "C1", "C2"];
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<string, Scenario> byId;

    private ScenarioCatalog(IReadOnlyList<Scenario> scenarios)
    {
        All = scenarios;
        byId = scenarios.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Every scenario, ordered by id.</summary>
    public IReadOnlyList<Scenario> All { get; }

    public Scenario? Find(string id) => byId.GetValueOrDefault(id);

    public static ScenarioCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ScenarioFileException(directory, "(folder)", "the scenario catalog folder does not exist.");
        }

        var scenarios = new List<Scenario>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var scenario = Read(file);
            if (scenarios.Any(s => s.Id == scenario.Id))
            {
                throw new ScenarioFileException(file, "id", $"'{scenario.Id}' is already the id of another scenario.");
            }

            scenarios.Add(scenario);
        }

        return new ScenarioCatalog(scenarios.OrderBy(s => s.Id, StringComparer.Ordinal).ToList());
    }

    private static Scenario Read(string file)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ScenarioFileException(file, $"line {ex.LineNumber + 1}", $"not valid JSON ({ex.Message}).");
        }

        var fields = new FieldReader(file);
        var id = fields.Slug(root, "id");
        var language = fields.Text(root, "language", 35);
        if (!Regex.IsMatch(language, "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
        {
            throw new ScenarioFileException(file, "language", $"'{language}' is not a language tag such as 'de' or 'es-MX'.");
        }

        var level = fields.Text(root, "level", 2).ToUpperInvariant();
        if (!Levels.Contains(level))
        {
            throw new ScenarioFileException(file, "level", $"'{level}' is not a CEFR level; use one of {string.Join(", ", Levels)}.");
        }

        var characterElement = fields.Object(root, "character");
        var character = new ScenarioCharacter(
            fields.Text(characterElement, "name", 100, "character."),
            fields.Text(characterElement, "persona", 2_000, "character."),
            fields.Text(characterElement, "openingLine", 1_000, "character."));

        var objectives = new List<ScenarioObjective>();
        var array = fields.Array(root, "objectives");
        for (var i = 0; i < array.Count; i++)
        {
            objectives.Add(ReadObjective(fields, array[i], $"objectives[{i}]."));
        }

        if (objectives.Count == 0)
        {
            throw new ScenarioFileException(file, "objectives", "a scenario needs at least one objective.");
        }

        if (objectives.GroupBy(o => o.Id).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ScenarioFileException(file, "objectives", $"the objective id '{duplicate.Key}' is used twice.");
        }

        return new Scenario(id, fields.Text(root, "title", 200), language, level, character, objectives);
    }

    private static ScenarioObjective ReadObjective(FieldReader fields, JsonElement element, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioFileException(fields.File, prefix.TrimEnd('.'), "must be an object.");
        }

        var points = fields.Integer(element, "points", prefix);
        if (points is < 1 or > 1_000)
        {
            throw new ScenarioFileException(fields.File, prefix + "points", $"{points} is not between 1 and 1000.");
        }

        var judge = fields.OptionalBoolean(element, "judge", prefix);
        var phrases = fields.OptionalStrings(element, "phrases", prefix);
        var patterns = fields.OptionalStrings(element, "patterns", prefix);
        var compiled = new List<Regex>();
        for (var i = 0; i < patterns.Count; i++)
        {
            try
            {
                compiled.Add(new Regex(patterns[i], RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, PatternTimeout));
            }
            catch (ArgumentException ex)
            {
                throw new ScenarioFileException(fields.File, $"{prefix}patterns[{i}]", $"not a valid regular expression ({ex.Message}).");
            }
        }

        if (!judge && phrases.Count == 0 && patterns.Count == 0)
        {
            throw new ScenarioFileException(fields.File, prefix + "phrases", "an objective needs phrases or patterns to be recognised by, or \"judge\": true.");
        }

        return new ScenarioObjective(fields.Slug(element, "id", prefix), fields.Text(element, "description", 300, prefix), points, phrases, patterns, judge)
        {
            CompiledPatterns = compiled,
        };
    }

    /// <summary>Reads required and optional fields of one file, naming the file and the field's path in every complaint.</summary>
    private sealed class FieldReader(string file)
    {
        public string File { get; } = file;

        public string Text(JsonElement parent, string name, int maxLength, string prefix = "")
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString()!.Trim() is not { Length: > 0 } text)
            {
                throw new ScenarioFileException(File, prefix + name, "is missing or not a non-empty string.");
            }

            return text.Length <= maxLength ? text : throw new ScenarioFileException(File, prefix + name, $"is longer than {maxLength} characters.");
        }

        public string Slug(JsonElement parent, string name, string prefix = "")
        {
            var text = Text(parent, name, 64, prefix);
            return Regex.IsMatch(text, "^[a-z0-9]+(-[a-z0-9]+)*$")
                ? text
                : throw new ScenarioFileException(File, prefix + name, $"'{text}' must be lower-case letters, digits and dashes, such as 'order-drink'.");
        }

        public JsonElement Object(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
                ? value
                : throw new ScenarioFileException(File, name, "is missing or not an object.");

        public List<JsonElement> Array(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().ToList()
                : throw new ScenarioFileException(File, name, "is missing or not an array.");

        public int Integer(JsonElement parent, string name, string prefix) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
                ? number
                : throw new ScenarioFileException(File, prefix + name, "is missing or not a whole number.");

        public bool OptionalBoolean(JsonElement parent, string name, string prefix) =>
            !parent.TryGetProperty(name, out var value) ? false
            : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
            : throw new ScenarioFileException(File, prefix + name, "must be true or false.");

        public IReadOnlyList<string> OptionalStrings(JsonElement parent, string name, string prefix)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                return [];
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioFileException(File, prefix + name, "must be an array of strings.");
            }

            var items = new List<string>();
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim() is not { Length: > 0 } text)
                {
                    throw new ScenarioFileException(File, $"{prefix}{name}[{items.Count}]", "must be a non-empty string.");
                }

                items.Add(text);
            }

            return items;
        }
    }
}
