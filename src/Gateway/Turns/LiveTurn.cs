namespace Platform.Gateway.Turns;

/// <summary>A turn running in this process: its event stream, the task that runs it, and its cancellation.</summary>
public sealed class LiveTurn(TurnStream stream, CancellationTokenSource cancellation)
{
    public TurnStream Stream { get; } = stream;

    public CancellationToken CancellationToken => cancellation.Token;

    public bool CancelRequested => cancellation.IsCancellationRequested;

    public Task Completion { get; set; } = Task.CompletedTask;

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The turn already ended and released its token; there is nothing left to stop.
        }
    }
}
