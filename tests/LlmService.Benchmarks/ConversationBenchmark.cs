using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Platform.Contracts.Llm;
using Platform.Contracts.Grpc;

namespace Platform.LlmService.Benchmarks;

/// <summary>
/// Time to first token as conversations grow (issue 19): 10 conversations of 20 greedy turns through the Generate RPC,
/// each turn sending the whole conversation so far with the conversation as cache key, once with the prompt cache and
/// once without it, on the same machine in the same run. The goal: turns 15-20 within 1.3x of turns 1-2 with the cache.
/// </summary>
internal static class ConversationBenchmark
{
    private const int Conversations = 10;
    private const int Turns = 20;
    private const string Persona = "You are a friendly storyteller for small children. Keep every story short, kind and simple, with animals and friends.";

    private static readonly string[] UserLines =
    [
        "Tell me about a dog.", "What did the dog find?", "Who was his friend?", "Where did they go?", "What happened then?",
        "Was anyone sad?", "How did they help?", "What did they eat?", "Did it rain?", "What did mom say?",
    ];

    public static async Task RunAsync(int threads)
    {
        var withCache = await MeasureAsync(threads, cache: true);
        var without = await MeasureAsync(threads, cache: false);
        Print(threads, withCache, without);
    }

    private static async Task<List<TurnSample>> MeasureAsync(int threads, bool cache)
    {
        var overrides = new Dictionary<string, string?> { ["Llm:PromptCache:MaxConversations"] = cache ? "1000" : "0" };
        await using var service = await BenchmarkService.StartAsync(threads, overrides: overrides);
        var histories = Enumerable.Range(0, Conversations).Select(_ => new List<ChatMessage> { new() { Role = Role.System, Content = Persona } }).ToList();
        var samples = new List<TurnSample>();
        for (var turn = 1; turn <= Turns; turn++)
        {
            for (var conversation = 0; conversation < Conversations; conversation++)
            {
                var history = histories[conversation];
                history.Add(new ChatMessage { Role = Role.User, Content = UserLines[(turn + conversation) % UserLines.Length] });
                var (sample, reply) = await TurnAsync(service.Channel, history, $"conversation-{conversation}", turn);
                history.Add(new ChatMessage { Role = Role.Assistant, Content = reply });
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static async Task<(TurnSample Sample, string Reply)> TurnAsync(CallInvoker channel, List<ChatMessage> history, string key, int turn)
    {
        var request = new GenerateRequest { Options = new GenerationOptions { MaxTokens = 24, Greedy = true }, Priority = Priority.Interactive, CacheKey = key };
        request.Messages.AddRange(history);
        var started = Stopwatch.GetTimestamp();
        double? first = null;
        var reply = new System.Text.StringBuilder();
        GenerateEvent.Types.Started? header = null;
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(request, new CallOptions()).ResponsesAsync())
        {
            switch (generateEvent.EventCase)
            {
                case GenerateEvent.EventOneofCase.Started:
                    header = generateEvent.Started;
                    break;
                case GenerateEvent.EventOneofCase.Token:
                    first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    reply.Append(generateEvent.Token.Text);
                    break;
            }
        }

        var ttft = first ?? Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return (new TurnSample(turn, ttft, header?.PromptTokens ?? 0, header?.CachedTokens ?? 0), reply.Length > 0 ? reply.ToString() : "...");
    }

    private static void Print(int threads, List<TurnSample> withCache, List<TurnSample> without)
    {
        static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; llama.cpp threads: {threads}");
        Console.WriteLine($"{Conversations} conversations x {Turns} greedy turns (24 tokens each) through the Generate RPC, stories260K; TTFT at the client");
        Console.WriteLine();
        Console.WriteLine("| turns | prompt tokens (mean) | reused with cache (mean) | TTFT p50 with cache | TTFT p50 without | without / with |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (from, to) in new[] { (1, 2), (5, 6), (10, 11), (15, 20) })
        {
            var cached = withCache.Where(sample => sample.Turn >= from && sample.Turn <= to).ToList();
            var plain = without.Where(sample => sample.Turn >= from && sample.Turn <= to).ToList();
            var (with, none) = (Percentile.Of(cached.Select(sample => sample.TtftMs), 50), Percentile.Of(plain.Select(sample => sample.TtftMs), 50));
            Console.WriteLine($"| {from}-{to} | {cached.Average(sample => sample.PromptTokens):0} | {cached.Average(sample => sample.CachedTokens):0} | {Ms(with)} ms | {Ms(none)} ms | {none / with:0.00}x |");
        }

        double P50(List<TurnSample> samples, int from, int to) => Percentile.Of(samples.Where(sample => sample.Turn >= from && sample.Turn <= to).Select(sample => sample.TtftMs), 50);
        Console.WriteLine();
        Console.WriteLine($"TTFT p50, turns 15-20 / turns 1-2: {P50(withCache, 15, 20) / P50(withCache, 1, 2):0.00}x with the cache, {P50(without, 15, 20) / P50(without, 1, 2):0.00}x without (goal: at most 1.3x with it)");
    }

    private sealed record TurnSample(int Turn, double TtftMs, int PromptTokens, int CachedTokens);
}
