using System.Diagnostics;
using System.Globalization;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Running;

namespace Platform.Load.Chaos;

/// <summary>
/// Latency and faults injected into the Gateway's gRPC calls by the Polly chaos strategies of the transport,
/// switched on by configuration (<c>Grpc:Client:Chaos</c>). Promised: a call that fails before its first message is
/// retried; what still fails (or meets an open circuit) ends the turn with a prompt, retryable error stored as failed;
/// nothing hangs.
/// </summary>
internal sealed class GrpcChaosScenario(bool everyCall) : ChaosScenario
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(400);

    // Below the circuit breaker's 50% failure ratio, so retries absorb most faults; at or above it the breaker opens.
    private const double FaultRate = 0.2;

    public override string Name => everyCall ? "grpc-faults-every-call" : "grpc-latency-and-faults";

    public override string Fault => everyCall
        ? "Grpc:Client:Chaos in the Gateway: every call to LlmService fails with UNAVAILABLE (FaultRate 1), so retries and the circuit breaker are exhausted"
        : $"Grpc:Client:Chaos in the Gateway: {Latency.TotalMilliseconds:0} ms latency on half the attempts to call LlmService and UNAVAILABLE on {FaultRate:P0} of them (each call is retried twice before its first message)";

    public override async Task<ScenarioReport> RunAsync(ChaosScale scale, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chaos = new Dictionary<string, string>
        {
            ["Grpc__Client__Chaos__Enabled"] = "true",
            ["Grpc__Client__Chaos__FaultRate"] = everyCall ? "1" : FaultRate.ToString(CultureInfo.InvariantCulture),
            ["Grpc__Client__Chaos__FaultStatus"] = "Unavailable",
            ["Grpc__Client__Chaos__LatencyRate"] = everyCall ? "0" : "0.5",
            ["Grpc__Client__Chaos__Latency"] = Latency.ToString("c", CultureInfo.InvariantCulture),
        };
        await using var platform = await LoadPlatform.StartAsync(new PlatformSpec { SyntheticTokens = 25, GatewaySettings = chaos });
        using var client = platform.CreateClient();
        var turnsPerClient = scale.Rounds * 5;
        var run = await new LoadRun(client, new RunPlan
        {
            Name = Name,
            Concurrency = scale.Clients,
            MaxTurns = scale.Clients * turnsPerClient,
            Duration = TimeSpan.FromMinutes(2),
            RampUp = TimeSpan.FromMilliseconds(200),
            Transport = "sse",
            ShowProgress = false,
        }).ExecuteAsync(cancellationToken);
        var turns = run.Turns;

        var checks = new List<Check> { PromiseChecks.NoStreamHangs(turns) };
        checks.AddRange(await PromiseChecks.StoredAsSeenAsync(client, turns, cancellationToken));
        checks.Add(PromiseChecks.ErrorsAreRetryable(turns));
        var errors = turns.Where(t => t.End == TurnEnd.Error).ToList();
        if (everyCall)
        {
            var slowest = errors.Select(t => t.TotalMs).DefaultIfEmpty(0).Max();
            checks.Add(new Check("every turn fails with a retryable llm error, promptly (within 5 s; retries included)", errors.Count == turns.Count && slowest <= 5_000,
                $"{errors.Count} of {turns.Count} errors ({string.Join(", ", errors.GroupBy(t => t.ErrorCode).Select(g => $"{g.Key} ×{g.Count()}"))}); slowest {slowest:0} ms"));
        }
        else
        {
            // 20% faults per attempt are mostly absorbed by the retries, but a burst of them can trip the breaker (50% of
            // at least 10 calls), which then fails every call for its break: that is the transport doing its job.
            var delayed = turns.Count(t => t.TtftMs >= Latency.TotalMilliseconds);
            var circuit = errors.Count(t => t.ErrorMessage?.Contains("circuit", StringComparison.Ordinal) == true);
            checks.Add(new Check("the injected chaos reached the calls, and each turn completed or failed as llm_unavailable", (delayed > 0 || errors.Count > 0) && errors.All(t => t.ErrorCode == "llm_unavailable"),
                $"{delayed} turns with TTFT ≥ {Latency.TotalMilliseconds:0} ms, {turns.Count(t => t.End == TurnEnd.Completed)} completed, {errors.Count} errors ({circuit} of them while the circuit breaker was open)"));
        }

        var summary = new RunSummary(run);
        var figures = new List<string>
        {
            $"TTFT p50 {LatencyRow.Ms(summary.Ttft.P50)}, p95 {LatencyRow.Ms(summary.Ttft.P95)}, p99 {LatencyRow.Ms(summary.Ttft.P99)}; error rate {(turns.Count == 0 ? 0 : 100.0 * errors.Count / turns.Count):0.#}%",
        };
        return new ScenarioReport(Name, Fault, scale.Name, turns, checks, [], figures, clock.Elapsed);
    }
}
