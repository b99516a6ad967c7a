namespace Platform.Load.Chaos;

/// <summary>
/// How hard a scenario pushes: <see cref="Short"/> for <c>./test.sh</c> (seconds each), <see cref="Long"/> for the
/// report. <see cref="Clients"/> turns (<see cref="VoiceClients"/> voice turns) run at once, <see cref="Rounds"/> faults are struck one after another, and an
/// outage lasts <see cref="Outage"/>.
/// </summary>
internal sealed record ChaosScale(string Name, int Clients, int VoiceClients, int Rounds, TimeSpan Outage)
{
    public static ChaosScale Short { get; } = new("short", Clients: 4, VoiceClients: 2, Rounds: 1, Outage: TimeSpan.FromSeconds(6));

    // Voice turns queue for pocketsphinx on two cores (~0.5–1 s each); more at once would test the queue, not the fault.
    public static ChaosScale Long { get; } = new("long", Clients: 24, VoiceClients: 6, Rounds: 3, Outage: TimeSpan.FromSeconds(10));
}
