namespace Platform.AppHost.Restarts;

/// <summary>How the AppHost restarts a process that exited unexpectedly: after a delay that doubles per recent crash, until too many.</summary>
public sealed record RestartPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxCrashes, TimeSpan Window)
{
    public static RestartPolicy Default { get; } = new(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(8), 5, TimeSpan.FromMinutes(1));

    /// <summary>The delay before a restart, given how many crashes (this one included) fell within the window.</summary>
    public TimeSpan DelayAfter(int crashesInWindow) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, InitialDelay.Ticks << Math.Min(20, Math.Max(0, crashesInWindow - 1))));

    /// <summary>Whether a resource with this many crashes (this one included) within the window is given up on: the fifth, by default.</summary>
    public bool GivesUpAfter(int crashesInWindow) => crashesInWindow >= MaxCrashes;
}
