using System.Text.Json;
using MassTransit;
using Npgsql;
using Platform.Contracts.Jobs;

namespace Platform.Gateway.Jobs;

/// <summary>
/// Stores extracted vocabulary once per lemma and part of speech, and sends a <c>vocabulary</c> frame with the items
/// that were new to this conversation.
/// </summary>
public sealed class VocabularyExtractedConsumer(NpgsqlDataSource dataSource, JobAnnouncements announcements) : IConsumer<VocabularyExtracted>
{
    public async Task Consume(ConsumeContext<VocabularyExtracted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = context.Message;
        var added = new List<VocabularyTerm>();
        await using (var connection = await dataSource.OpenConnectionAsync(context.CancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(context.CancellationToken))
        {
            foreach (var item in result.Items)
            {
                await using var command = new NpgsqlCommand(
                    "insert into vocabulary_items (conversation_id, term, lemma, part_of_speech, definition, example, cefr_level) " +
                    "select $1, $2, $3, $4, $5, $6, $7 where exists (select 1 from conversations where id = $1) on conflict do nothing",
                    connection, transaction);
                foreach (var value in new object[] { result.ConversationId, item.Term, item.Lemma, item.PartOfSpeech, item.Definition, item.Example, item.CefrLevel })
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                if (await command.ExecuteNonQueryAsync(context.CancellationToken) == 1)
                {
                    added.Add(item);
                }
            }

            await transaction.CommitAsync(context.CancellationToken);
        }

        if (added.Count > 0)
        {
            announcements.Announce(result.ConversationId, JsonSerializer.Serialize(
                new { type = "vocabulary", turnId = result.TurnId, items = added }, JsonSerializerOptions.Web));
        }
    }
}
