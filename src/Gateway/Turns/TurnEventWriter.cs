using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Turns;

/// <summary>
/// Writes turns' events to Redis from one loop, so a token never waits for Redis. Each pass takes every event that
/// queued up meanwhile and sends one script per turn that appends them to the turn's stream and wakes its followers
/// once: one command per token when the Gateway is quiet, fewer as load grows, never a delay that was not there.
/// </summary>
public sealed partial class TurnEventWriter(IConnectionMultiplexer redis, IOptions<GatewayOptions> options, ILogger<TurnEventWriter> logger) : BackgroundService
{
    /// <summary>The most events one pass takes, so one pass's memory stays bounded.</summary>
    private const int MaxEventsPerPass = 4096;

    // KEYS: events stream, turn hash, lease. ARGV: channel, retention in ms (0: leave the expiry alone), 1 when the
    // turn ended, then seq, type, data for each event in order.
    private const string AppendScript = """
        local last
        for i = 4, #ARGV, 3 do
          redis.call('XADD', KEYS[1], '0-' .. ARGV[i], 'type', ARGV[i + 1], 'data', ARGV[i + 2])
          last = ARGV[i]
        end
        if ARGV[2] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        if ARGV[3] == '1' then
          redis.call('HSET', KEYS[2], 'state', 'finished')
          redis.call('DEL', KEYS[3])
        end
        redis.call('PUBLISH', ARGV[1], last)
        return 0
        """;

    private readonly Channel<(Guid TurnId, TurnEvent Event)> pending = Channel.CreateUnbounded<(Guid, TurnEvent)>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    public void Enqueue(Guid turnId, TurnEvent turnEvent) => pending.Writer.TryWrite((turnId, turnEvent));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new Dictionary<Guid, List<TurnEvent>>();
        var reader = pending.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var taken = 0;
                while (taken < MaxEventsPerPass && reader.TryRead(out var item))
                {
                    if (!batch.TryGetValue(item.TurnId, out var events))
                    {
                        batch[item.TurnId] = events = [];
                    }

                    events.Add(item.Event);
                    taken++;
                }

                Write(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued belongs to turns that end with the process.
        }
    }

    private void Write(Dictionary<Guid, List<TurnEvent>> batch)
    {
        if (!redis.IsConnected)
        {
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            var retention = ((long)options.Value.TurnEventRetention.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            foreach (var (turnId, events) in batch)
            {
                var ends = events[^1].IsTerminal;
                var values = new RedisValue[3 + (events.Count * 3)];
                values[0] = TurnEventLog.Channel(turnId).ToString();
                values[1] = events[0].Seq == 1 || ends ? retention : "0";
                values[2] = ends ? "1" : "0";
                for (var i = 0; i < events.Count; i++)
                {
                    values[3 + (i * 3)] = events[i].Seq;
                    values[4 + (i * 3)] = events[i].Kind.ToString();
                    values[5 + (i * 3)] = events[i].Data;
                }

                database.ScriptEvaluate(AppendScript, [TurnEventLog.EventsKey(turnId), TurnEventLog.MetaKey(turnId), TurnEventLog.LeaseKey(turnId)], values, CommandFlags.FireAndForget);
            }
        }
        catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
        {
            LogUnavailable(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable; turn events are not logged for resume: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
