using Platform.Load.Driving;

namespace Platform.Load.Running;

/// <summary>
/// What a load run does: closed-loop (<see cref="Concurrency"/> clients, each starting its next turn when the last
/// ends) or open-loop (Poisson arrivals at <see cref="Rate"/> turns/s, whatever the replies' pace), bounded by
/// <see cref="Duration"/> and <see cref="MaxTurns"/>.
/// </summary>
internal sealed record RunPlan
{
    public required string Name { get; init; }

    public bool OpenLoop { get; init; }

    public int Concurrency { get; init; } = 10;

    public double Rate { get; init; } = 5;

    /// <summary>Open loop: arrivals beyond this many turns in flight are dropped and counted, so a stalled target cannot exhaust the client.</summary>
    public int MaxInFlight { get; init; } = 5_000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Open loop: each arrival opens a new conversation (its prompt is the system prompt and one message) instead of
    /// taking a free one, whose history grows by two messages a turn up to the Gateway's prompt window.
    /// </summary>
    public bool FreshConversations { get; init; }

    /// <summary>0: no limit but the duration.</summary>
    public int MaxTurns { get; init; }

    /// <summary>Closed loop: the clients start over this span rather than at once.</summary>
    public TimeSpan RampUp { get; init; } = TimeSpan.FromSeconds(1);

    public string Transport { get; init; } = "sse";

    public TurnInput Input { get; init; } = TurnInput.Typed("Once upon a time");

    public ClientBehaviour Behaviour { get; init; } = ClientBehaviour.Normal;

    public bool ShowProgress { get; init; } = true;

    public string Describe() => OpenLoop
        ? $"open loop, Poisson arrivals at {Rate:0.##} turns/s for {Duration.TotalSeconds:0} s{(MaxTurns > 0 ? $" (at most {MaxTurns} turns)" : string.Empty)}, {(FreshConversations ? "each on a new conversation" : "on reused conversations")}, {Transport}, {(Input.IsVoice ? "voice" : "text")}"
        : $"closed loop, {Concurrency} concurrent clients for {Duration.TotalSeconds:0} s{(MaxTurns > 0 ? $" (at most {MaxTurns} turns)" : string.Empty)}, {Transport}, {(Input.IsVoice ? "voice" : "text")}";
}
