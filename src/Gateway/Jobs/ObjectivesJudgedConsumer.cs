using System.Text.Json;
using MassTransit;
using Npgsql;
using Platform.Contracts.Jobs;
using Platform.Gateway.Conversations;
using Platform.Gateway.Scenarios;

namespace Platform.Gateway.Jobs;

/// <summary>
/// Stores the objectives a judge found completed, each once (a redelivered or late verdict changes nothing), and
/// pushes a <c>metadata</c> frame with the new score to the conversation's open sockets. Only the judged objectives
/// of the conversation's own scenario count, whatever the verdict names.
/// </summary>
public sealed class ObjectivesJudgedConsumer(NpgsqlDataSource dataSource, ConversationStore store, ScenarioCatalog catalog, JobAnnouncements announcements)
    : IConsumer<ObjectivesJudged>
{
    public async Task Consume(ConsumeContext<ObjectivesJudged> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verdict = context.Message;
        if (await ScenarioOfAsync(verdict.ConversationId, context.CancellationToken) is not { } scenario)
        {
            return;
        }

        var judged = verdict.Completed
            .Distinct(StringComparer.Ordinal)
            .Select(scenario.Objective)
            .OfType<ScenarioObjective>()
            .Where(o => o.Judge)
            .Select(o => (o.Id, o.Points))
            .ToList();
        if (judged.Count == 0)
        {
            return;
        }

        var (added, score) = await store.CompleteObjectivesAsync(verdict.ConversationId, verdict.TurnId, judged, context.CancellationToken);
        if (added.Count == 0)
        {
            return;
        }

        var completedCount = (await store.CompletedObjectivesAsync(verdict.ConversationId, context.CancellationToken)).Count;
        var metadata = ObjectivesMetadata.From(scenario, added.Select(o => (o.Id, o.Points)).ToList(), score, completedCount);
        announcements.Announce(verdict.ConversationId, JsonSerializer.Serialize(
            new { type = "metadata", turnId = verdict.TurnId, data = metadata }, JsonSerializerOptions.Web));
    }

    private async Task<Scenario?> ScenarioOfAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select scenario_id from conversations where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = conversationId });
        return await command.ExecuteScalarAsync(cancellationToken) is string id ? catalog.Find(id) : null;
    }
}
