using System.Globalization;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;

namespace Platform.Load.Commands;

/// <summary>
/// <c>conversations [count] [turns]</c>: time to first token as conversations grow, over the public API (issue 19).
/// Each of <c>count</c> conversations (10) takes <c>turns</c> (20) SSE turns on stories260K through the Gateway, one
/// turn at a time so that nothing queues, on a platform with LlmService's prompt cache and then on one without it. The
/// first table gives, per turn, the prompt's size, the tokens LlmService reused and decoded, and whether a turn reused
/// all of its conversation's last one; the second TTFT at the client per group of turns. The goal is turns 15-20
/// within 1.3x of turns 1-2 with the cache.
/// </summary>
internal static class ConversationsCommand
{
    private static readonly string[] UserLines =
    [
        "Tell me about a dog.", "What did the dog find?", "Who was his friend?", "Where did they go?", "What happened then?",
        "Was anyone sad?", "How did they help?", "What did they eat?", "Did it rain?", "What did mom say?",
    ];

    private static readonly (int From, int To)[] Groups = [(1, 2), (5, 6), (10, 11), (15, 20)];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var turns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        if (count is < 1 or > 1_000 || turns is < 20 or > 200)
        {
            throw new ArgumentException("conversations [count 1-1000] [turns 20-200]");
        }

        var withCache = await MeasureAsync(count, turns, cache: true, cancellationToken);
        var without = await MeasureAsync(count, turns, cache: false, cancellationToken);

        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine($"{count} conversations x {turns} SSE turns through the Gateway (one at a time), LlmService on llama.cpp with stories260K, replies up to {new PlatformSpec().MaxReplyTokens} tokens; TTFT at the client.");
        Console.WriteLine($"Load average (1, 5, 15 min) with the cache: {withCache.LoadBefore} at its start, {withCache.LoadAfter} at its end; without: {without.LoadBefore}, {without.LoadAfter}.");
        Console.WriteLine();
        Console.WriteLine("Per turn, means over the conversations: LlmService decodes only the prompt tokens it did not reuse; a turn that reused all of its conversation's last turn reused the last prompt and every reply token but the last one sampled, which was never decoded.");
        Console.WriteLine();
        Console.WriteLine("| turn | prompt tokens | reused | decoded | reused all of the last turn | TTFT p50 with cache | TTFT p50 without |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var turn = 1; turn <= turns; turn++)
        {
            var cached = withCache.Turns.Where(result => result.Turn == turn).ToList();
            var reusedAll = turn == 1 ? "-" : $"{cached.Count(result => ReusedAllOfTheLastTurn(withCache.Turns, result))} of {cached.Count}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {turn} | {cached.Average(result => result.Result.PromptTokens ?? 0):0} | {cached.Average(result => result.Result.CachedTokens ?? 0):0} | {cached.Average(result => (result.Result.PromptTokens ?? 0) - (result.Result.CachedTokens ?? 0)):0} | {reusedAll} | {LatencyRow.Ms(P50(InGroup(withCache.Turns, turn, turn)))} | {LatencyRow.Ms(P50(InGroup(without.Turns, turn, turn)))} |"));
        }

        Console.WriteLine();
        Console.WriteLine("| turns | prompt tokens (mean) | reused with cache (mean) | turns reusing less than half their prompt | TTFT p50 with cache | TTFT p50 without | without / with |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (from, to) in Groups)
        {
            var cached = InGroup(withCache.Turns, from, to);
            var plain = InGroup(without.Turns, from, to);
            var (with, none) = (P50(cached), P50(plain));
            var misses = cached.Count(turn => (turn.CachedTokens ?? 0) * 2 < (turn.PromptTokens ?? 0));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {from}-{to} | {cached.Average(turn => turn.PromptTokens ?? 0):0} | {cached.Average(turn => turn.CachedTokens ?? 0):0} | {misses} of {cached.Count} | {LatencyRow.Ms(with)} | {LatencyRow.Ms(none)} | {none / with:0.00}x |"));
        }

        var (last, first) = (Groups[^1], Groups[0]);
        var ratioWith = P50(InGroup(withCache.Turns, last.From, last.To)) / P50(InGroup(withCache.Turns, first.From, first.To));
        var ratioWithout = P50(InGroup(without.Turns, last.From, last.To)) / P50(InGroup(without.Turns, first.From, first.To));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TTFT p50, turns {last.From}-{last.To} / turns {first.From}-{first.To}: {ratioWith:0.00}x with the cache, {ratioWithout:0.00}x without (goal: at most 1.3x with it)."));
        var errors = withCache.Turns.Concat(without.Turns).Count(turn => turn.Result.End != TurnEnd.Completed);
        if (errors > 0)
        {
            Console.WriteLine($"{errors} turns did not complete.");
        }

        return errors == 0 ? 0 : 1;
    }

    /// <summary>
    /// Whether the turn reused its conversation's whole last prompt and reply: all of it but the reply's last token,
    /// which was sampled and never decoded.
    /// </summary>
    private static bool ReusedAllOfTheLastTurn(List<ConversationTurn> turns, ConversationTurn turn)
    {
        var previous = turns.Single(other => other.Conversation == turn.Conversation && other.Turn == turn.Turn - 1).Result;
        return turn.Result.CachedTokens >= (previous.PromptTokens ?? 0) + (previous.CompletionTokens ?? 0) - 1;
    }

    private static async Task<Measurement> MeasureAsync(int count, int turns, bool cache, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec
        {
            RealModel = true,
            LlmSettings = new Dictionary<string, string> { ["Llm__PromptCache__MaxConversations"] = cache ? "1000" : "0" },
        };
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var client = platform.CreateClient();
        await RunCommand.WarmUpAsync(client, new Running.RunPlan { Name = "warm-up" }, cancellationToken);

        // Turns 1-2 are measured first: right after the platform's start they would also pay for the services' code
        // still being recompiled (tiered JIT moves a method on after 30 calls) and be slower for it, which would flatter
        // the ratio. Two conversations of every turn first make them measure the same warm services as turns 15-20.
        await RunTurnsAsync(client, await client.CreateConversationsAsync(2, cancellationToken), turns, "warming up", cancellationToken);

        var conversations = await client.CreateConversationsAsync(count, cancellationToken);
        var loadBefore = MachineDescription.LoadAverage();
        var results = await RunTurnsAsync(client, conversations, turns, cache ? "with the prompt cache" : "without the prompt cache", cancellationToken);
        return new Measurement(results, loadBefore, MachineDescription.LoadAverage());
    }

    private static async Task<List<ConversationTurn>> RunTurnsAsync(TurnClient client, Guid[] conversations, int turns, string phase, CancellationToken cancellationToken)
    {
        var results = new List<ConversationTurn>();
        for (var turn = 1; turn <= turns; turn++)
        {
            for (var i = 0; i < conversations.Length; i++)
            {
                var input = TurnInput.Typed(UserLines[(turn + i) % UserLines.Length]);
                results.Add(new ConversationTurn(turn, i, await client.RunAsync("sse", conversations[i], input, ClientBehaviour.Normal, cancellationToken)));
            }

            Console.Error.Write($"\r[{phase}] turn {turn} of {turns}   ");
        }

        Console.Error.WriteLine();
        return results;
    }

    private static List<TurnResult> InGroup(List<ConversationTurn> turns, int from, int to) =>
        turns.Where(turn => turn.Turn >= from && turn.Turn <= to).Select(turn => turn.Result).ToList();

    private static double P50(List<TurnResult> turns) =>
        Percentiles.Of(turns.Where(turn => turn.TtftMs is not null).Select(turn => turn.TtftMs!.Value).Order().ToList(), 50);

    private sealed record ConversationTurn(int Turn, int Conversation, TurnResult Result);

    private sealed record Measurement(List<ConversationTurn> Turns, string LoadBefore, string LoadAfter);
}
