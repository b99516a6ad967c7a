using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Jobs;

/// <summary>Hands a job result's WebSocket frame (JSON text) to every open socket of its conversation, on every replica.</summary>
public sealed class JobAnnouncements(IConnectionMultiplexer redis, ILogger<JobAnnouncements> logger)
    : ConversationBroadcast(redis, logger, "conversations:jobs")
{
    public new IDisposable Listen(Guid conversationId, Action<string> onFrame) => base.Listen(conversationId, onFrame);

    public new void Announce(Guid conversationId, string frame) => base.Announce(conversationId, frame);
}
