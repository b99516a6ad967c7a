using System.Diagnostics;
using Platform.Load.Driving;
using Platform.Load.Platform;

namespace Platform.Load.Chaos;

/// <summary>
/// Clients that leave at random points of a turn, over SSE and WebSocket, then come back with Last-Event-ID.
/// Promised: the turn keeps running and is stored whole; the returning client gets exactly the rest.
/// </summary>
internal sealed class RandomDisconnectScenario : ChaosScenario
{
    private const int Tokens = 40;

    public override string Name => "random-disconnects";

    public override string Fault => $"each client leaves after a random number of events (1 to {Tokens + 2}; SYNTHETIC source, {Tokens} tokens at 50 tokens/s), half over SSE and half over WebSocket, then resumes over SSE with Last-Event-ID";

    public override async Task<ScenarioReport> RunAsync(ChaosScale scale, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var platform = await LoadPlatform.StartAsync(new PlatformSpec { SyntheticTokens = Tokens });
        using var client = platform.CreateClient();
        var input = TurnInput.Typed("Once upon a time");
        var random = new Random(11);
        var leaveAt = Enumerable.Range(0, scale.Clients * scale.Rounds * 2).Select(_ => random.Next(1, Tokens + 3)).ToArray();
        var turns = new List<TurnResult>();
        var joined = new List<(TurnResult First, TurnResult Remainder)>();
        for (var round = 0; round < scale.Rounds; round++)
        {
            var offset = round * scale.Clients * 2;
            var results = await ConcurrentTurnsAsync(client, scale.Clients * 2, i => (i % 2 == 0 ? "sse" : "ws", input, ClientBehaviour.Normal with { DisconnectAfterEvents = leaveAt[offset + i] }), cancellationToken);
            turns.AddRange(results);
            foreach (var left in results.Where(t => t.End == TurnEnd.Disconnected && t.TurnId is not null))
            {
                joined.Add((left, await client.ResumeAsync(left.ConversationId, left.TurnId!.Value, left.LastSeq, ClientBehaviour.Normal, cancellationToken)));
            }
        }

        var checks = new List<Check> { PromiseChecks.NoStreamHangs(turns) };
        checks.AddRange(await PromiseChecks.StoredAsSeenAsync(client, turns, cancellationToken));
        var whole = 0;
        var problems = new List<string>();
        foreach (var (first, rest) in joined)
        {
            var stored = await client.WaitForStoredReplyAsync(first.ConversationId, first.TurnId!.Value, TimeSpan.FromSeconds(30), cancellationToken);
            if (stored?.Status == "complete" && rest.End == TurnEnd.Completed && first.Text + rest.Text == stored.Content && rest.CompletedText == stored.Content)
            {
                whole++;
            }
            else
            {
                problems.Add($"{first.TurnId}: left after {first.LastSeq} events, resume {rest.End} {rest.ErrorCode}, stored {stored?.Status}, seen+rest {first.Text.Length + rest.Text.Length} chars vs stored {stored?.Content.Length}");
            }
        }

        checks.Add(new Check("a turn keeps running after its client leaves, and resuming gives exactly the rest", joined.Count > 0 && problems.Count == 0,
            joined.Count == 0 ? "no client left mid-turn" : problems.Count == 0
                ? $"{whole} clients left mid-turn; each turn was stored complete and the text before leaving + the resumed rest equals it, nothing duplicated or missing"
                : $"{problems.Count} of {joined.Count}: {string.Join("; ", problems.Take(3))}"));
        turns.AddRange(joined.Select(j => j.Remainder));
        return new ScenarioReport(Name, Fault, scale.Name, turns, checks, [], [$"{joined.Count} clients left mid-turn and resumed; {turns.Count(t => t.End == TurnEnd.Completed && t.Transport != "sse-resume")} stayed to the end"], clock.Elapsed);
    }
}
