using Platform.Gateway.Conversations;
using Platform.Gateway.Speech;
using Platform.Gateway.Turns;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Realtime;

/// <summary>
/// What a socket's client may do to a turn of its conversation besides following it: cancel it, wherever it runs, and
/// say how much of its spoken reply was played. Each returns the frame that answers, if any; the socket sends it.
/// </summary>
public sealed class TurnControls(TurnEventReader reader, LiveTurns liveTurns, TurnEventLog eventLog, SpokenTimelines timelines, ConversationStore store)
{
    public async Task<string?> CancelAsync(Guid conversationId, Guid? turnId)
    {
        if (turnId is not { } id)
        {
            return ServerFrames.Error(null, "bad_frame", "There is no turn to cancel.", retryable: false);
        }

        if (await reader.FindConversationAsync(id) != conversationId)
        {
            return NotFound(id);
        }

        // A turn running on another replica hears of its cancel through Redis.
        if (!liveTurns.TryCancel(id) && !await eventLog.PublishCancelAsync(id))
        {
            return ServerFrames.Error(id, "cancel_undeliverable", "The turn runs on another replica and Redis is unavailable.", retryable: true);
        }

        return null;
    }

    /// <summary>
    /// The client stopped a spoken reply after playing <paramref name="audioMs"/> of it: the stored reply becomes what
    /// was heard, marked interrupted, so the next prompt carries only that.
    /// </summary>
    public async Task<string> KeepHeardAsync(Guid conversationId, Guid? turnId, double? audioMs, CancellationToken cancellationToken)
    {
        if (turnId is not { } id || audioMs is not { } played || played is < 0 or > 3_600_000)
        {
            return ServerFrames.Error(turnId, "bad_frame", "played needs the turnId of a spoken reply and audioMs, how much of its audio was played (0 to 3,600,000).", retryable: false);
        }

        if (await reader.FindConversationAsync(id) != conversationId)
        {
            return NotFound(id);
        }

        if (timelines.Find(id) is not { } timeline)
        {
            return ServerFrames.Error(id, "played_unknown", "This replica did not speak that reply, or it was spoken too long ago to truncate.", retryable: false);
        }

        if (liveTurns.Find(id) is { } running)
        {
            // The reply is stored when its turn ends, which a barge-in's cancel brings about within moments.
            await running.Completion.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }

        var reply = await store.FindReplyAsync(id, cancellationToken);
        var heard = SpokenTimeline.Heard(timeline.Sentences, played, reply?.Content ?? string.Empty);
        if (heard is not null)
        {
            await store.KeepHeardReplyAsync(id, heard, cancellationToken);
        }

        return ServerFrames.Truncated(id, heard, played);
    }

    private static string NotFound(Guid turnId) =>
        ServerFrames.Error(turnId, "turn_not_found", $"There is no turn {turnId} in this conversation.", retryable: false);
}
