using Microsoft.Extensions.Options;

namespace Platform.Gateway.Turns;

/// <summary>
/// Starts a planned turn apart from any client connection: registers it here, opens its Redis event log and lease for a
/// stored conversation, runs the pipeline in the background and announces the turn to every socket of the conversation.
/// </summary>
public sealed class TurnLauncher(TurnPipeline pipeline, LiveTurns liveTurns, TurnEventLog eventLog, TurnAnnouncements announcements, IOptions<GatewayOptions> options, IHostApplicationLifetime lifetime)
{
    public LiveTurn Launch(TurnPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var stored = plan.Conversation is not null;
        var conversationId = plan.Conversation?.Id ?? Guid.Empty;
        var stream = new TurnStream(plan.TurnId, conversationId, options.Value.ReaderBufferEvents);
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        var turn = new LiveTurn(stream, cancellation);
        liveTurns.Add(turn);
        if (stored)
        {
            eventLog.Begin(plan.TurnId, conversationId);
        }

        turn.Completion = Task.Run(async () =>
        {
            using var lease = stored ? new TurnLease(eventLog, plan.TurnId, options.Value.TurnLease) : null;
            try
            {
                await pipeline.RunAsync(turn, plan, new TurnEmitter(stream, stored ? eventLog : null));
            }
            finally
            {
                cancellation.Dispose();
                liveTurns.Finished(plan.TurnId);
            }
        }, CancellationToken.None);

        if (stored)
        {
            announcements.Announce(conversationId, plan.TurnId);
        }

        return turn;
    }
}
