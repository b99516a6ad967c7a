namespace Platform.Load.Chaos;

/// <summary>
/// How hard a scenario pushes: <see cref="Short"/> for <c>./test.sh</c> (seconds each), <see cref="Long"/> for the
/// report. <see cref="Clients"/> turns run at once, <see cref="Rounds"/> faults are struck one after another, and an
/// outage lasts <see cref="Outage"/>.
/// </summary>
internal sealed record ChaosScale(string Name, int Clients, int Rounds, TimeSpan Outage)
{
    public static ChaosScale Short { get; } = new("short", Clients: 4, Rounds: 1, Outage: TimeSpan.FromSeconds(2));

    public static ChaosScale Long { get; } = new("long", Clients: 24, Rounds: 3, Outage: TimeSpan.FromSeconds(8));
}
