using System.Globalization;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;

namespace Platform.Load.Commands;

/// <summary>
/// <c>conversations [count] [turns]</c>: time to first token as conversations grow, over the public API (issue 19).
/// Each of <c>count</c> conversations (10) takes <c>turns</c> (20) SSE turns on stories260K through the Gateway, one
/// turn at a time so that nothing queues, on a platform with LlmService's prompt cache and then on one without it. The
/// table gives TTFT at the client per group of turns beside the prompt's size and the tokens LlmService reused; the
/// goal is turns 15-20 within 1.3x of turns 1-2 with the cache.
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

        var startLoad = MachineDescription.LoadAverage();
        var withCache = await MeasureAsync(count, turns, cache: true, cancellationToken);
        var without = await MeasureAsync(count, turns, cache: false, cancellationToken);

        Console.WriteLine(MachineDescription.Describe() + $" Load average at the start: {startLoad}.");
        Console.WriteLine($"{count} conversations x {turns} SSE turns through the Gateway (one at a time), LlmService on llama.cpp with stories260K, replies up to {new PlatformSpec().MaxReplyTokens} tokens; TTFT at the client.");
        Console.WriteLine();
        Console.WriteLine("| turns | prompt tokens (mean) | reused with cache (mean) | turns reusing less than half their prompt | TTFT p50 with cache | TTFT p50 without | without / with |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (from, to) in Groups)
        {
            var cached = InGroup(withCache, from, to);
            var plain = InGroup(without, from, to);
            var (with, none) = (P50(cached), P50(plain));
            var misses = cached.Count(turn => (turn.CachedTokens ?? 0) * 2 < (turn.PromptTokens ?? 0));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {from}-{to} | {cached.Average(turn => turn.PromptTokens ?? 0):0} | {cached.Average(turn => turn.CachedTokens ?? 0):0} | {misses} of {cached.Count} | {LatencyRow.Ms(with)} | {LatencyRow.Ms(none)} | {none / with:0.00}x |"));
        }

        var (last, first) = (Groups[^1], Groups[0]);
        var ratioWith = P50(InGroup(withCache, last.From, last.To)) / P50(InGroup(withCache, first.From, first.To));
        var ratioWithout = P50(InGroup(without, last.From, last.To)) / P50(InGroup(without, first.From, first.To));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"TTFT p50, turns {last.From}-{last.To} / turns {first.From}-{first.To}: {ratioWith:0.00}x with the cache, {ratioWithout:0.00}x without (goal: at most 1.3x with it). Load average at the end: {MachineDescription.LoadAverage()}."));
        var errors = withCache.Concat(without).Count(turn => turn.Result.End != TurnEnd.Completed);
        if (errors > 0)
        {
            Console.WriteLine($"{errors} turns did not complete.");
        }

        return errors == 0 ? 0 : 1;
    }

    private static async Task<List<(int Turn, TurnResult Result)>> MeasureAsync(int count, int turns, bool cache, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec
        {
            RealModel = true,
            LlmSettings = new Dictionary<string, string> { ["Llm__PromptCache__MaxConversations"] = cache ? "1000" : "0" },
        };
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var client = platform.CreateClient();
        await RunCommand.WarmUpAsync(client, new Running.RunPlan { Name = "warm-up" }, cancellationToken);
        var conversations = await client.CreateConversationsAsync(count, cancellationToken);
        var results = new List<(int, TurnResult)>();
        for (var turn = 1; turn <= turns; turn++)
        {
            for (var i = 0; i < conversations.Length; i++)
            {
                var input = TurnInput.Typed(UserLines[(turn + i) % UserLines.Length]);
                results.Add((turn, await client.RunAsync("sse", conversations[i], input, ClientBehaviour.Normal, cancellationToken)));
            }

            Console.Error.Write($"\r[{(cache ? "with" : "without")} the prompt cache] turn {turn} of {turns}   ");
        }

        Console.Error.WriteLine();
        return results;
    }

    private static List<TurnResult> InGroup(List<(int Turn, TurnResult Result)> turns, int from, int to) =>
        turns.Where(turn => turn.Turn >= from && turn.Turn <= to).Select(turn => turn.Result).ToList();

    private static double P50(List<TurnResult> turns) =>
        Percentiles.Of(turns.Where(turn => turn.TtftMs is not null).Select(turn => turn.TtftMs!.Value).Order().ToList(), 50);
}
