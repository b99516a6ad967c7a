using System.Globalization;
using System.Text;
using Platform.Load.Driving;
using Platform.Load.Running;

namespace Platform.Load.Results;

/// <summary>A run's figures: outcomes, held concurrency, latency percentiles and the Gateway's cost, as markdown.</summary>
internal sealed class RunSummary(RunResult run)
{
    public RunResult Run => run;

    public IReadOnlyList<LatencyRow> Latencies { get; } = BuildLatencies(run);

    public LatencyRow Ttft => Latencies[0];

    public string Outcomes()
    {
        var ends = run.Turns.GroupBy(t => t.End).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count():N0}");
        var codes = run.Turns.Where(t => t.ErrorCode is not null && t.End is not (TurnEnd.Completed or TurnEnd.Cancelled or TurnEnd.Disconnected))
            .GroupBy(t => t.ErrorCode!).OrderByDescending(g => g.Count()).Take(5).Select(g => $"{g.Key} ×{g.Count()}");
        var text = $"{run.Turns.Count:N0} turns: {string.Join(", ", ends)}";
        return codes.Any() ? $"{text} (errors: {string.Join(", ", codes)})" : text;
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"**{run.Plan.Name}**: {run.Plan.Describe()}.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- {Outcomes()}; {run.Errors} errors ({(run.Turns.Count == 0 ? 0 : 100.0 * run.Errors / run.Turns.Count):0.##}%).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- concurrency held: peak {run.PeakInFlight:N0}, mean {run.MeanInFlight:N0} turns in flight; {run.TurnsPerSecond:0.0} completed turns/s over {run.Elapsed.TotalSeconds:0} s{(run.DroppedArrivals > 0 ? $"; {run.DroppedArrivals} arrivals dropped at the in-flight cap" : string.Empty)}.");
        if (run.Gateway is { } gateway)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Gateway process: {gateway.CpuCores * 100:0}% of one core, RSS {gateway.IdleRssBytes / 1048576.0:0} MB idle → {gateway.PeakRssBytes / 1048576.0:0} MB peak, {gateway.RssPerStreamBytes(run.PeakInFlight) / 1024:0} KB and {gateway.CpuCores * 1000 / Math.Max(1, run.MeanInFlight):0.00} ms CPU/s per stream held.");
        }

        text.AppendLine();
        text.AppendLine("| measure | count | p50 | p95 | p99 | max |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in Latencies.Where(r => r.Count > 0))
        {
            text.AppendLine(row.ToMarkdown());
        }

        return text.ToString();
    }

    private static List<LatencyRow> BuildLatencies(RunResult run) =>
    [
        LatencyRow.Of("TTFT (request sent → first token at the client)", run.Ttft),
        LatencyRow.Of("inter-token gap at the client", run.Turns.SelectMany(t => t.TokenGapsMs)),
        LatencyRow.Of("added per token (synthetic source wrote it → client read it)", run.Turns.SelectMany(t => t.TokenDelaysMs)),
        LatencyRow.Of("first audio (request sent → first audio event)", run.Turns.Where(t => t.FirstAudioMs is not null).Select(t => t.FirstAudioMs!.Value)),
        LatencyRow.Of("  server: STT (accepted → final transcript)", run.Turns.Where(t => t.ServerSttMs is not null).Select(t => t.ServerSttMs!.Value)),
        LatencyRow.Of("  server: TTFT", run.Turns.Where(t => t.ServerTtftMs is not null).Select(t => t.ServerTtftMs!.Value)),
        LatencyRow.Of("  server: first audio", run.Turns.Where(t => t.ServerFirstAudioMs is not null).Select(t => t.ServerFirstAudioMs!.Value)),
        LatencyRow.Of("whole turn", run.Turns.Where(t => t.End == TurnEnd.Completed).Select(t => t.TotalMs)),
    ];
}
