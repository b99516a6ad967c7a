namespace Platform.AppHost.Hosting;

/// <summary>
/// How a process that exits unexpectedly is restarted: after a delay that doubles with each crash, until
/// <see cref="MaxCrashes"/> crashes fall within <see cref="Window"/>, when the resource is reported failed instead.
/// </summary>
public sealed record RestartPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxCrashes, TimeSpan Window)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(8), 5, TimeSpan.FromMinutes(1));

    public TimeSpan DelayAfter(int crashesInWindow) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, InitialDelay.Ticks << Math.Min(20, Math.Max(0, crashesInWindow - 1))));
}
