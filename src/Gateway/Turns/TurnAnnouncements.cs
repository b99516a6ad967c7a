using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Turns;

/// <summary>Tells every open WebSocket of a conversation, on every replica, that a turn has started in it, so that all follow the same turn.</summary>
public sealed class TurnAnnouncements(IConnectionMultiplexer redis, ILogger<TurnAnnouncements> logger)
    : ConversationBroadcast(redis, logger, "conversations:turns")
{
    public IDisposable Listen(Guid conversationId, Action<Guid> onTurnStarted) =>
        Listen(conversationId, message =>
        {
            if (Guid.TryParse(message, out var turnId))
            {
                onTurnStarted(turnId);
            }
        });

    public void Announce(Guid conversationId, Guid turnId) => Announce(conversationId, turnId.ToString());
}
