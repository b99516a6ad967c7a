using System.Diagnostics;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;

namespace Platform.Load.Chaos;

/// <summary>
/// Slow-reading clients beside normal ones, with small per-reader buffers. Promised: a slow reader never slows the
/// turn or the other readers; one that falls too far behind gets a retryable <c>reader_lagged</c> error and can
/// resume with Last-Event-ID, losing nothing.
/// </summary>
internal sealed class SlowReaderScenario : ChaosScenario
{
    private static readonly TimeSpan ReadDelay = TimeSpan.FromMilliseconds(100);

    public override string Name => "slow-readers";

    public override string Fault => $"half the clients pause {ReadDelay.TotalMilliseconds:0} ms after every event (5× slower than the 50 tokens/s they receive; SYNTHETIC source, 100 tokens), Gateway:ReaderBufferEvents 16";

    public override async Task<ScenarioReport> RunAsync(ChaosScale scale, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var platform = await LoadPlatform.StartAsync(new PlatformSpec
        {
            SyntheticTokens = 100,
            GatewaySettings = new Dictionary<string, string> { ["Gateway__ReaderBufferEvents"] = "16" },
        });
        using var client = platform.CreateClient();
        var input = TurnInput.Typed("Once upon a time");
        var slow = ClientBehaviour.Normal with { ReadDelay = ReadDelay, IdleTimeout = TimeSpan.FromSeconds(30) };
        var turns = new List<TurnResult>();
        for (var round = 0; round < scale.Rounds; round++)
        {
            turns.AddRange(await ConcurrentTurnsAsync(client, scale.Clients * 2, i => (i % 4 == 3 ? "ws" : "sse", input, i % 2 == 0 ? slow : ClientBehaviour.Normal), cancellationToken));
        }

        var slowTurns = turns.Where((_, i) => i % 2 == 0).ToList();
        var fastTurns = turns.Where((_, i) => i % 2 == 1).ToList();
        var checks = new List<Check> { PromiseChecks.NoStreamHangs(turns) };
        checks.AddRange(await PromiseChecks.StoredAsSeenAsync(client, turns, cancellationToken));

        // The turn itself runs at the source's pace (~2 s for 100 tokens) while a slow client needs ~10 s to read it.
        var slowServer = LatencyRow.Of("server", slowTurns.Where(t => t.ServerTotalMs is not null).Select(t => t.ServerTotalMs!.Value));
        var slowClient = LatencyRow.Of("client", slowTurns.Where(t => t.End == TurnEnd.Completed).Select(t => t.TotalMs));
        checks.Add(new Check("a slow reader does not slow its turn", slowServer.Count > 0 && slowServer.P99 < slowClient.P50 / 2,
            $"slow readers' turns ran {LatencyRow.Ms(slowServer.P50)} p50 / {LatencyRow.Ms(slowServer.P99)} p99 at the Gateway while their clients took {LatencyRow.Ms(slowClient.P50)} p50 to read them"));
        var fastClient = LatencyRow.Of("fast", fastTurns.Where(t => t.End == TurnEnd.Completed).Select(t => t.TotalMs));
        checks.Add(new Check("a slow reader does not slow other readers", fastTurns.All(t => t.End == TurnEnd.Completed) && fastClient.P99 < slowClient.P50 / 2,
            $"normal readers beside them: {PromiseChecks.Tally(fastTurns)}, whole turn {LatencyRow.Ms(fastClient.P50)} p50 / {LatencyRow.Ms(fastClient.P99)} p99"));
        var figures = new List<string>
        {
            $"slow readers resumed after reader_lagged {slowTurns.Sum(t => t.Resumes)} times; inter-token gap at normal readers p99 {LatencyRow.Ms(LatencyRow.Of("gap", fastTurns.SelectMany(t => t.TokenGapsMs)).P99)}",
        };
        return new ScenarioReport(Name, Fault, scale.Name, turns, checks, [], figures, clock.Elapsed);
    }
}
