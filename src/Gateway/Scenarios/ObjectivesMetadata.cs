namespace Platform.Gateway.Scenarios;

/// <summary>
/// The <c>metadata</c> event of a scenario turn or judgement: which objectives were just completed and for how many
/// points, the score now, and how many objectives remain open.
/// </summary>
public sealed record ObjectivesMetadata(IReadOnlyList<ObjectivesMetadata.Completion> ObjectivesCompleted, int ScoreChange, int Score, int Remaining)
{
    public static ObjectivesMetadata From(Scenario scenario, IReadOnlyList<(string Id, int Points)> justCompleted, int score, int completedCount)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(justCompleted);
        return new(
            justCompleted.Select(o => new Completion(o.Id, o.Points)).ToList(),
            justCompleted.Sum(o => o.Points),
            score,
            Math.Max(0, scenario.Objectives.Count - completedCount));
    }

    public sealed record Completion(string Id, int Points);
}
