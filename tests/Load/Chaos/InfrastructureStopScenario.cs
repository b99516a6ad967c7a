using System.Diagnostics;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Running;

namespace Platform.Load.Chaos;

/// <summary>
/// Redis or RabbitMQ stopped (SIGSTOP of its process group: it neither answers nor dies, so nothing restarts it)
/// while clients keep chatting, then resumed (SIGCONT). Promised: chat keeps working through the outage and nothing
/// accepted is lost; Redis down degrades resume and /health; the platform is whole again once it is back.
/// </summary>
internal sealed class InfrastructureStopScenario(StoppedInfrastructure stopped) : ChaosScenario
{
    public override string Name => $"stop-{stopped.ToString().ToLowerInvariant()}";

    public override string Fault => $"{stopped} stopped (SIGSTOP) for the outage while clients run text turns back to back (SYNTHETIC source, 50 tokens at 50 tokens/s), then resumed (SIGCONT)";

    public override async Task<ScenarioReport> RunAsync(ChaosScale scale, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var platform = await LoadPlatform.StartAsync(new PlatformSpec { SyntheticTokens = 50, Messaging = stopped == StoppedInfrastructure.RabbitMQ });
        using var client = platform.CreateClient();
        var lead = TimeSpan.FromSeconds(1);
        var tail = TimeSpan.FromSeconds(3);
        var plan = new RunPlan { Name = Name, Concurrency = scale.Clients, Duration = lead + scale.Outage + tail, RampUp = TimeSpan.FromMilliseconds(500), ShowProgress = false };
        var running = new LoadRun(client, plan).ExecuteAsync(cancellationToken);

        await Task.Delay(lead, cancellationToken);
        var pid = stopped == StoppedInfrastructure.Redis ? platform.Redis.ProcessId : platform.Messaging!.ProcessId;
        var outageStart = DateTimeOffset.UtcNow;
        await LoadPlatform.SignalGroupAsync(pid, "STOP");
        var healthDuring = new List<string>();
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < scale.Outage)
        {
            healthDuring.Add(await client.HealthAsync(cancellationToken));
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        await LoadPlatform.SignalGroupAsync(pid, "CONT");
        var outageEnd = DateTimeOffset.UtcNow;
        var (recovered, recovery) = await PromiseChecks.RecoversAsync(client, TurnInput.Typed("Once upon a time"), outageEnd, TimeSpan.FromSeconds(30), cancellationToken);
        var healthy = Stopwatch.StartNew();
        var healthAfter = await client.HealthAsync(cancellationToken);
        while (healthAfter != "Healthy" && healthy.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            healthAfter = await client.HealthAsync(cancellationToken);
        }

        var healthyAt = (DateTimeOffset.UtcNow - outageEnd).TotalMilliseconds;
        var run = await running;
        var turns = run.Turns;
        var during = turns.Where(t => t.StartedAt >= outageStart && t.StartedAt < outageEnd).ToList();

        var checks = new List<Check> { PromiseChecks.NoStreamHangs(turns) };
        checks.AddRange(await PromiseChecks.StoredAsSeenAsync(client, turns, cancellationToken));
        checks.Add(PromiseChecks.ErrorsAreRetryable(turns));
        checks.Add(new Check($"chat keeps working while {stopped} is stopped", during.Count > 0 && during.All(t => t.End == TurnEnd.Completed),
            $"{during.Count} turns started during the {scale.Outage.TotalSeconds:0} s outage: {PromiseChecks.Tally(during)}"));

        // A turn that waits for the stopped server gets its first token only when it is back: in the outage's first
        // half, that is more than half the outage after the turn's start.
        var half = scale.Outage / 2;
        var early = during.Where(t => t.StartedAt < outageStart + half).ToList();
        var waited = early.Where(t => t.TtftMs is not { } ttft || ttft >= half.TotalMilliseconds).ToList();
        checks.Add(new Check($"turns stream without waiting for {stopped}", early.Count > 0 && waited.Count == 0,
            $"{early.Count} turns started in the outage's first {half.TotalSeconds:0.#} s; {waited.Count} waited {half.TotalSeconds:0.#} s or more for their first token (slowest {LatencyRow.Ms(early.Select(t => t.TtftMs ?? double.NaN).DefaultIfEmpty(double.NaN).Max())})"));
        checks.Add(recovered);
        checks.Add(new Check("/health is Healthy again once it is back", healthAfter == "Healthy", $"'{healthAfter}' {healthyAt:0} ms after SIGCONT"));
        var stalled = during.Where(t => t.TtftMs is { } ttft && t.StartedAt + TimeSpan.FromMilliseconds(ttft) > outageEnd).ToList();
        var figures = new List<string>
        {
            $"{stalled.Count} of the {during.Count} turns started during the outage got their first token only after SIGCONT, i.e. waited for {stopped} rather than streaming without it",
            $"Gateway /health during the outage: {string.Join(", ", healthDuring.GroupBy(h => h).Select(g => $"{g.Key} ×{g.Count()}"))}",
            $"TTFT of turns started during the outage: p50 {LatencyRow.Ms(LatencyRow.Of("t", during.Where(t => t.TtftMs is not null).Select(t => t.TtftMs!.Value)).P50)}, max {LatencyRow.Ms(during.Where(t => t.TtftMs is not null).Select(t => t.TtftMs!.Value).DefaultIfEmpty(double.NaN).Max())}",
        };
        return new ScenarioReport(Name, Fault, scale.Name, turns, checks, recovery is { } ms ? [ms] : [], figures, clock.Elapsed);
    }
}
