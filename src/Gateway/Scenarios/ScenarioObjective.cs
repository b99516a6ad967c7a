using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Platform.Gateway.Scenarios;

/// <summary>
/// Something the learner should do in a scenario, worth <paramref name="Points"/> once. It is recognised by its
/// <paramref name="Phrases"/> (whole words, any case) or <paramref name="Patterns"/> (regular expressions, any case)
/// in the learner's message, or, when <paramref name="Judge"/>, by LlmService in the background.
/// </summary>
public sealed record ScenarioObjective(string Id, string Description, int Points, IReadOnlyList<string> Phrases, IReadOnlyList<string> Patterns, bool Judge)
{
    [JsonIgnore]
    public IReadOnlyList<Regex> CompiledPatterns { get; init; } = [];
}
