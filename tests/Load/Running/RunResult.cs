using Platform.Load.Driving;

namespace Platform.Load.Running;

/// <summary>Every turn of a run, what concurrency it held, and what the Gateway process spent (when it ran here).</summary>
internal sealed record RunResult(
    RunPlan Plan,
    IReadOnlyList<TurnResult> Turns,
    TimeSpan Elapsed,
    int PeakInFlight,
    double MeanInFlight,
    int DroppedArrivals,
    GatewayCost? Gateway)
{
    public int Errors => Turns.Count(t => t.End is not (TurnEnd.Completed or TurnEnd.Cancelled or TurnEnd.Disconnected));

    public double TurnsPerSecond => Turns.Count(t => t.End == TurnEnd.Completed) / Elapsed.TotalSeconds;

    public IEnumerable<double> Ttft => Turns.Where(t => t.TtftMs is not null).Select(t => t.TtftMs!.Value);
}

/// <summary>The Gateway's CPU (share of one core) and memory over a run, sampled from /proc.</summary>
internal sealed record GatewayCost(double CpuCores, long IdleRssBytes, long PeakRssBytes)
{
    public double RssPerStreamBytes(int streams) => streams == 0 ? 0 : (double)(PeakRssBytes - IdleRssBytes) / streams;
}
