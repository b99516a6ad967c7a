using Platform.Contracts.Jobs;
using Platform.Gateway.Conversations;
using Platform.Gateway.Jobs;
using Platform.Gateway.Scenarios;

namespace Platform.Gateway.Turns;

/// <summary>
/// Scores a scenario turn before its reply is generated: the learner's message against the open rule-based
/// objectives (stored, each once), and the open judged objectives handed to LlmService as a background job whose
/// verdict arrives later, so a slow or useless judge never holds up the turn.
/// </summary>
public sealed class ScenarioScoring(ScenarioCatalog catalog, ConversationStore store, JobScheduler jobs)
{
    /// <summary>The turn's <c>metadata</c> payload, or null for a conversation without a catalog scenario.</summary>
    public async Task<ObjectivesMetadata?> ScoreAsync(Conversation conversation, Guid turnId, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        if (conversation.ScenarioId is not { } scenarioId || catalog.Find(scenarioId) is not { } scenario)
        {
            return null;
        }

        var completed = (await store.CompletedObjectivesAsync(conversation.Id, cancellationToken)).Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var matched = ObjectiveMatcher.Completed(scenario, completed, message).Select(o => (o.Id, o.Points)).ToList();
        var (added, score) = await store.CompleteObjectivesAsync(conversation.Id, turnId, matched, cancellationToken);
        completed.UnionWith(added.Select(o => o.Id));

        var toJudge = scenario.Objectives.Where(o => o.Judge && !completed.Contains(o.Id)).Select(o => new JudgedObjective(o.Id, o.Description)).ToList();
        if (toJudge.Count > 0)
        {
            await jobs.EnqueueAsync(new JudgeObjectives(conversation.Id, turnId, scenario.Language, scenario.Character.Name, message, toJudge), cancellationToken);
        }

        return ObjectivesMetadata.From(scenario, added.Select(o => (o.Id, o.Points)).ToList(), score, completed.Count);
    }
}
