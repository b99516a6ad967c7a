namespace Platform.Gateway.Scenarios;

/// <summary>A scenario as the learner sees it: no persona and no recognition rules.</summary>
public sealed record ScenarioResponse(string Id, string Title, string Language, string Level, string Character, string OpeningLine, IReadOnlyList<ScenarioResponse.Objective> Objectives)
{
    public static ScenarioResponse From(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new(scenario.Id, scenario.Title, scenario.Language, scenario.Level, scenario.Character.Name, scenario.Character.OpeningLine,
            scenario.Objectives.Select(o => new Objective(o.Id, o.Description, o.Points, o.Judge)).ToList());
    }

    public sealed record Objective(string Id, string Description, int Points, bool Judge);
}
