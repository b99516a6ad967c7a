namespace Platform.Gateway.Scenarios;

/// <summary>A role-play from the catalog: a character the learner talks with, in one language, and what the learner should get done.</summary>
public sealed record Scenario(string Id, string Title, string Language, string Level, ScenarioCharacter Character, IReadOnlyList<ScenarioObjective> Objectives)
{
    public ScenarioObjective? Objective(string id) => Objectives.FirstOrDefault(o => o.Id == id);
}
