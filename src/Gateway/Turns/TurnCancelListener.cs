using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Turns;

/// <summary>Hears cancels sent through Redis by other replicas and stops the turns that run here.</summary>
internal sealed partial class TurnCancelListener(IConnectionMultiplexer redis, LiveTurns liveTurns, ILogger<TurnCancelListener> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(TurnEventLog.CancelChannel, OnCancel);
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogNotListening(logger, ex.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        liveTurns.CancelAll();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(TurnEventLog.CancelChannel, OnCancel);
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            // Shutting down; the subscription dies with the connection anyway.
        }
    }

    private void OnCancel(RedisChannel channel, RedisValue value)
    {
        if (Guid.TryParse(value.ToString(), out var turnId))
        {
            liveTurns.TryCancel(turnId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for cancels from other replicas until Redis is back: {Reason}")]
    private static partial void LogNotListening(ILogger logger, string reason);
}
