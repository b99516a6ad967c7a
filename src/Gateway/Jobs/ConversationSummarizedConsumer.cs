using System.Text.Json;
using MassTransit;
using Npgsql;
using Platform.Contracts.Jobs;

namespace Platform.Gateway.Jobs;

/// <summary>Stores a summary once (a redelivered result changes nothing) and sends a <c>summary</c> frame to open sockets.</summary>
public sealed class ConversationSummarizedConsumer(NpgsqlDataSource dataSource, JobAnnouncements announcements) : IConsumer<ConversationSummarized>
{
    public async Task Consume(ConsumeContext<ConversationSummarized> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Message;
        await using var command = dataSource.CreateCommand(
            "insert into summaries (conversation_id, content, through_position) select $1, $2, $3 where exists (select 1 from conversations where id = $1) " +
            "on conflict do nothing");
        command.Parameters.Add(new NpgsqlParameter { Value = result.ConversationId });
        command.Parameters.Add(new NpgsqlParameter { Value = result.Content });
        command.Parameters.Add(new NpgsqlParameter { Value = result.ThroughPosition });
        if (await command.ExecuteNonQueryAsync(context.CancellationToken) == 1)
        {
            announcements.Announce(result.ConversationId, JsonSerializer.Serialize(
                new { type = "summary", content = result.Content, throughPosition = result.ThroughPosition }, JsonSerializerOptions.Web));
        }
    }
}
