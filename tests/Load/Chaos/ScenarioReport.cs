using System.Globalization;
using System.Text;
using Platform.Load.Driving;
using Platform.Load.Results;

namespace Platform.Load.Chaos;

/// <summary>What a chaos scenario did, what every client saw, which promises held, and how long recovery took.</summary>
internal sealed record ScenarioReport(
    string Scenario,
    string Fault,
    string Scale,
    IReadOnlyList<TurnResult> Turns,
    IReadOnlyList<Check> Checks,
    IReadOnlyList<double> RecoveryMs,
    IReadOnlyList<string> Figures,
    TimeSpan Elapsed)
{
    public bool Passed => Checks.All(c => c.Passed);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {Scenario} ({Scale}): {(Passed ? "PASSED" : "FAILED")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Fault: {Fault}");
        text.AppendLine();
        var ends = Turns.GroupBy(t => t.End).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}");
        var codes = Turns.Where(t => t.ErrorCode is not null && t.End == TurnEnd.Error).GroupBy(t => t.ErrorCode!).Select(g => $"{g.Key} ×{g.Count()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- turns: {Turns.Count} ({string.Join(", ", ends)}){(codes.Any() ? $"; error codes: {string.Join(", ", codes)}" : string.Empty)}; took {Elapsed.TotalSeconds:0.0} s.");
        if (RecoveryMs.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- recovery (fault → first completed turn): {string.Join(", ", RecoveryMs.Select(LatencyRow.Ms))}.");
        }

        foreach (var figure in Figures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {figure}");
        }

        text.AppendLine();
        text.AppendLine("| promise | held | evidence |");
        text.AppendLine("|---|---|---|");
        foreach (var check in Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {check.Promise} | {(check.Passed ? "yes" : "**no**")} | {check.Detail.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")} |");
        }

        return text.ToString();
    }
}
