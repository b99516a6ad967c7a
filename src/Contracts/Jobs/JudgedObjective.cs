namespace Platform.Contracts.Jobs;

/// <summary>An objective to judge: its id and what the learner is asked to do.</summary>
public sealed record JudgedObjective(string Id, string Description);
