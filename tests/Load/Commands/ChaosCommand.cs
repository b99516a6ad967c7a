using Platform.Load.Chaos;

namespace Platform.Load.Commands;

/// <summary><c>chaos [scenario...] [--short]</c>: runs chaos scenarios (all by default, long unless --short) and prints each report.</summary>
internal static class ChaosCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var scale = args.Contains("--short") ? ChaosScale.Short : ChaosScale.Long;
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        var scenarios = names.Count == 0 ? ChaosScenario.All : names.Select(ChaosScenario.Named).ToList();
        var failed = false;
        foreach (var scenario in scenarios)
        {
            var report = await scenario.RunAsync(scale, cancellationToken);
            Console.WriteLine(report.ToMarkdown());
            failed |= !report.Passed;
        }

        return failed ? 1 : 0;
    }
}
