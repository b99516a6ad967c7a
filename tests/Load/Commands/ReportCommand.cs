using System.Diagnostics;
using System.Globalization;
using System.Text;
using Platform.Load.Chaos;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Running;

namespace Platform.Load.Commands;

/// <summary>
/// <c>report</c>: the long versions of everything, written as markdown to <c>tests/Load/Reports/latest.md</c>
/// (CSV/JSON of each run beside it in <c>runs/</c>): the 1,000-stream hold, the highest concurrency and the highest
/// real-model rate before TTFT p99 passes 1 s, WebSocket and voice runs, every chaos scenario, and the bad-input probes.
/// </summary>
internal static class ReportCommand
{
    private const double TtftLimitMs = 1_000;

    public static async Task<int> RunAsync(string reportPath, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var runs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, "runs");
        var report = new StringBuilder();
        var startLoad = MachineDescription.LoadAverage();
        report.AppendLine("# Load and chaos report");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `scripts/load-report.sh` (`dotnet run -c Release --project tests/Load -- report`). {MachineDescription.Describe()}");
        report.AppendLine("Everything runs on this one machine: the Gateway, PostgreSQL, Redis, RabbitMQ, the services, and the load tool itself with its clients (and, for synthetic runs, the token source), so the clients' own CPU is part of every latency below. Other engineers' builds and tests may share the machine; the load averages at the start and end say how busy it was.");
        report.AppendLine();
        var failed = false;

        report.AppendLine("## 1. Synthetic source at 50 tokens/s per stream: 1,000 concurrent SSE streams for 60 s");
        report.AppendLine();
        var synthetic = new PlatformSpec { SyntheticTokens = 500 };
        await using (var platform = await LoadPlatform.StartAsync(synthetic))
        {
            using var client = platform.CreateClient();
            report.AppendLine(CultureInfo.InvariantCulture, $"Platform: {synthetic.Describe()}. Closed loop: each client starts its next turn (500 tokens, 10 s) when the last ends, so 1,000 streams stay open and ~100 turns start every second.");
            report.AppendLine();
            await RunCommand.WarmUpAsync(client, new RunPlan { Name = "warm-up" }, cancellationToken);
            var hold = await RunAsync(client, platform, new RunPlan { Name = "hold-1000-sse", Concurrency = 1_000, Duration = TimeSpan.FromSeconds(60), RampUp = TimeSpan.FromSeconds(5) }, runs, cancellationToken);
            report.AppendLine(hold.ToMarkdown());
            failed |= hold.Run.Errors > 0;

            report.AppendLine("### Highest concurrency before TTFT p99 passes 1 s (20 s per level, same turns)");
            report.AppendLine();
            report.AppendLine(await SearchAsync(
                [50, 100, 250, 500, 1_000, 1_500, 2_000, 3_000],
                level => new RunPlan { Name = $"concurrency-{level}", Concurrency = (int)level, Duration = TimeSpan.FromSeconds(20), RampUp = TimeSpan.FromSeconds(Math.Min(5, level / 200.0)) },
                plan => RunAsync(client, platform, plan, runs, cancellationToken),
                "concurrent streams"));

            report.AppendLine("### WebSocket, same source");
            report.AppendLine();
            var ws = await RunAsync(client, platform, new RunPlan { Name = "ws-500", Concurrency = 500, Duration = TimeSpan.FromSeconds(20), RampUp = TimeSpan.FromSeconds(3), Transport = "ws" }, runs, cancellationToken);
            report.AppendLine(ws.ToMarkdown());
        }

        report.AppendLine("## 2. Real model (llama.cpp, stories260K): highest sustained turns/s before TTFT p99 passes 1 s");
        report.AppendLine();
        var model = new PlatformSpec { RealModel = true, MaxReplyTokens = 64 };
        await using (var platform = await LoadPlatform.StartAsync(model))
        {
            using var client = platform.CreateClient();
            report.AppendLine(CultureInfo.InvariantCulture, $"Platform: {model.Describe()}, replies up to 64 tokens. Open loop: Poisson arrivals at each rate for 30 s, over SSE, whatever the replies' pace.");
            report.AppendLine();
            await RunCommand.WarmUpAsync(client, new RunPlan { Name = "warm-up" }, cancellationToken);
            report.AppendLine("### Each arrival a new conversation (prompt: system prompt + one message)");
            report.AppendLine();
            report.AppendLine(await SearchAsync(
                [1, 2, 5, 10, 20, 40, 80, 160],
                rate => new RunPlan { Name = $"model-fresh-rate-{rate}", OpenLoop = true, FreshConversations = true, Rate = rate, Duration = TimeSpan.FromSeconds(30) },
                plan => RunAsync(client, platform, plan, runs, cancellationToken),
                "turns/s offered"));
            report.AppendLine("### Arrivals reuse conversations (their history grows by two messages a turn, up to the 20-message prompt window)");
            report.AppendLine();
            report.AppendLine(await SearchAsync(
                [1, 2, 5, 10, 20, 40],
                rate => new RunPlan { Name = $"model-history-rate-{rate}", OpenLoop = true, Rate = rate, Duration = TimeSpan.FromSeconds(30) },
                plan => RunAsync(client, platform, plan, runs, cancellationToken),
                "turns/s offered"));
        }

        report.AppendLine("## 3. Voice turns (pocketsphinx → stories260K → flite), SSE and WebSocket");
        report.AppendLine();
        var voice = new PlatformSpec { RealModel = true, Speech = true, MaxReplyTokens = 64 };
        await using (var platform = await LoadPlatform.StartAsync(voice))
        {
            using var client = platform.CreateClient();
            var input = await RunCommand.InputAsync(voice: true);
            report.AppendLine(CultureInfo.InvariantCulture, $"Platform: {voice.Describe()}. Each turn uploads the spoken sentence \"{RunCommand.Utterance}\" (flite, 16 kHz).");
            report.AppendLine();
            await RunCommand.WarmUpAsync(client, new RunPlan { Name = "warm-up", Input = input }, cancellationToken);
            foreach (var transport in new[] { "sse", "ws" })
            {
                var run = await RunAsync(client, platform, new RunPlan { Name = $"voice-{transport}", Concurrency = 2, Duration = TimeSpan.FromSeconds(20), Transport = transport, Input = input }, runs, cancellationToken);
                report.AppendLine(run.ToMarkdown());
            }
        }

        report.AppendLine("## 4. Chaos (long versions)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Each scenario starts a platform of its own, strikes, and checks DESIGN.md's promises: no stream hangs; every accepted turn ends as completed, error or cancelled; the stored text (GET /api/conversations/{{id}}) matches what the client saw; services recover. Scale: {ChaosScale.Long.Clients} concurrent clients ({ChaosScale.Long.VoiceClients} for voice), {ChaosScale.Long.Rounds} rounds, {ChaosScale.Long.Outage.TotalSeconds:0} s outages. `./test.sh` runs the same scenarios at {ChaosScale.Short.Clients} clients ({ChaosScale.Short.VoiceClients} for voice), {ChaosScale.Short.Rounds} round, {ChaosScale.Short.Outage.TotalSeconds:0} s outages (tests/Chaos.Tests).");
        report.AppendLine();
        report.AppendLine("| scenario | result | turns | recovery |");
        report.AppendLine("|---|---|---|---|");
        var details = new StringBuilder();
        foreach (var scenario in ChaosScenario.All)
        {
            Console.Error.WriteLine($"chaos: {scenario.Name} ...");
            var outcome = await scenario.RunAsync(ChaosScale.Long, cancellationToken);
            failed |= !outcome.Passed;
            report.AppendLine(CultureInfo.InvariantCulture, $"| {outcome.Scenario} | {(outcome.Passed ? "passed" : "**failed**")} | {outcome.Turns.Count} ({PromiseChecks.Tally(outcome.Turns)}) | {(outcome.RecoveryMs.Count == 0 ? "–" : string.Join(", ", outcome.RecoveryMs.Select(LatencyRow.Ms)))} |");
            details.AppendLine(outcome.ToMarkdown());
        }

        report.AppendLine();
        report.Append(details);

        report.AppendLine("## 5. Bad input");
        report.AppendLine();
        Console.Error.WriteLine("probes ...");
        var (probes, probesPassed) = await ProbesCommand.RunProbesAsync(cancellationToken);
        failed |= !probesPassed;
        report.AppendLine(probes);
        report.AppendLine(CultureInfo.InvariantCulture, $"Report took {clock.Elapsed.TotalMinutes:0.0} min; load average at the start {startLoad}, at the end {MachineDescription.LoadAverage()}.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(reportPath))!);
        await File.WriteAllTextAsync(reportPath, report.ToString(), cancellationToken);
        Console.WriteLine(report);
        Console.WriteLine($"Written: {reportPath}");
        return failed ? 1 : 0;
    }

    private static async Task<RunSummary> RunAsync(TurnClient client, LoadPlatform platform, RunPlan plan, string runs, CancellationToken cancellationToken)
    {
        var summary = new RunSummary(await new LoadRun(client, plan, platform.Gateway.ProcessId).ExecuteAsync(cancellationToken));
        await RunFiles.WriteAsync(summary, runs);
        Console.Error.WriteLine($"[{plan.Name}] {summary.Outcomes()}; TTFT p50 {LatencyRow.Ms(summary.Ttft.P50)} p99 {LatencyRow.Ms(summary.Ttft.P99)}");
        return summary;
    }

    /// <summary>Runs each level in turn until TTFT p99 passes 1 s or errors pass 1%, and names the highest level that held.</summary>
    private static async Task<string> SearchAsync(double[] levels, Func<double, RunPlan> plan, Func<RunPlan, Task<RunSummary>> run, string unit)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {unit} | completed turns/s | concurrency held (peak / mean) | errors | TTFT p50 | p95 | p99 | inter-token p99 | Gateway CPU | Gateway RSS per stream |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        double? highest = null;
        string? passedAt = null;
        foreach (var level in levels)
        {
            var summary = await run(plan(level));
            var r = summary.Run;
            var gap = LatencyRow.Of("gap", r.Turns.SelectMany(t => t.TokenGapsMs));
            var errorRate = r.Turns.Count == 0 ? 1 : (double)r.Errors / r.Turns.Count;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {level:N0} | {r.TurnsPerSecond:0.0} | {r.PeakInFlight:N0} / {r.MeanInFlight:N0} | {r.Errors} ({errorRate * 100:0.##}%) | {LatencyRow.Ms(summary.Ttft.P50)} | {LatencyRow.Ms(summary.Ttft.P95)} | {LatencyRow.Ms(summary.Ttft.P99)} | {LatencyRow.Ms(gap.P99)} | {(r.Gateway is { } g ? $"{g.CpuCores * 100:0}%" : "–")} | {(r.Gateway is { } c ? $"{c.RssPerStreamBytes(r.PeakInFlight) / 1024:0} KB" : "–")} |");
            if (summary.Ttft.P99 > TtftLimitMs || errorRate > 0.01)
            {
                passedAt = $"{level:N0} {unit} (TTFT p99 {LatencyRow.Ms(summary.Ttft.P99)}, errors {errorRate * 100:0.##}%)";
                break;
            }

            highest = level;
        }

        text.AppendLine();
        text.AppendLine(highest is { } h
            ? $"**Highest level with TTFT p99 ≤ 1 s and errors ≤ 1%: {h:N0} {unit}**{(passedAt is null ? " (the highest level tried; the limit was not reached)" : $"; the next level, {passedAt}, passed the limit")}."
            : $"**Even the lowest level passed the limit**: {passedAt}.");
        text.AppendLine();
        return text.ToString();
    }
}
