namespace Platform.Gateway.Turns;

/// <summary>Renews a running turn's lease in Redis at a third of its length, until disposed when the turn ends.</summary>
internal sealed class TurnLease : IDisposable
{
    private readonly Timer timer;

    public TurnLease(TurnEventLog eventLog, Guid turnId, TimeSpan length)
    {
        eventLog.Renew(turnId);
        timer = new Timer(_ => eventLog.Renew(turnId), null, length / 3, length / 3);
    }

    public void Dispose() => timer.Dispose();
}
