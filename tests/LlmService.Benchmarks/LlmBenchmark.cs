using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Platform.LlmService.Benchmarks;

/// <summary>One service instance with a given llama.cpp thread count, measured through gRPC and in-process.</summary>
internal static class LlmBenchmark
{
    public const int Requests = 100;
    private const int WarmRequests = 10;
    private const int FirstTokenMaxTokens = 16;
    private const int StoryTokens = 500;
    private const int Stories = 10;
    private const string Prompt = "Once upon a time";

    public static async Task<BenchmarkResult> RunAsync(int threads)
    {
        await using var service = await BenchmarkService.StartAsync(threads);
        var channel = service.Channel;
        var client = service.Provider.ChatClient;
        var state = service.Readiness.Current;

        for (var i = 0; i < WarmRequests; i++)
        {
            await GrpcFirstTokenAsync(channel, Greedy());
            await InProcessFirstTokenAsync(client);
        }

        // Alternating the two paths spreads any drift of the machine over both.
        var grpc = new List<double>(Requests);
        var inProcess = new List<double>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            grpc.Add(await GrpcFirstTokenAsync(channel, Greedy()));
            inProcess.Add(await InProcessFirstTokenAsync(client));
        }

        var grpcRate = await RateAsync(seed => GrpcStoryAsync(channel, seed));
        var inProcessRate = await RateAsync(seed => InProcessStoryAsync(client, seed));
        var batched = await BatchedRateAsync(client, streams: 4);
        var cancellations = new List<double>();
        for (var trial = 0; trial < 20; trial++)
        {
            cancellations.Add(await CancelThenNextFirstTokenAsync(channel));
        }

        return new BenchmarkResult(threads, service.Provider.Description, state.Load!.Value.TotalMilliseconds, state.WarmUp!.Value.TotalMilliseconds,
            grpc, inProcess, grpcRate, inProcessRate, batched, cancellations);
    }

    private static GenerateRequest Greedy() => new()
    {
        Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = Prompt } },
        Options = new GenerationOptions { MaxTokens = FirstTokenMaxTokens, Greedy = true },
    };

    private static GenerateRequest Story(uint seed) => new()
    {
        Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = Prompt } },
        Options = new GenerationOptions { MaxTokens = StoryTokens, Seed = seed },
    };

    private static async Task<double> GrpcFirstTokenAsync(CallInvoker channel, GenerateRequest request)
    {
        var started = Stopwatch.GetTimestamp();
        double? first = null;
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(request, new CallOptions()).ResponsesAsync())
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token)
            {
                first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("No token came back.");
    }

    private static async Task<double> InProcessFirstTokenAsync(IChatClient client)
    {
        var options = new ChatOptions { MaxOutputTokens = FirstTokenMaxTokens, Temperature = 0 };
        var started = Stopwatch.GetTimestamp();
        double? first = null;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)], options))
        {
            if (update.Text.Length > 0)
            {
                first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("No token came back.");
    }

    /// <summary>Tokens per second from each story's first token to its last, as the tokens_per_second histogram counts.</summary>
    private static async Task<double> RateAsync(Func<uint, Task<(int Tokens, double Seconds)>> story)
    {
        var tokens = 0;
        var seconds = 0.0;
        for (var seed = 1u; seed <= Stories; seed++)
        {
            var (count, elapsed) = await story(seed);
            tokens += count - 1;
            seconds += elapsed;
        }

        return tokens / seconds;
    }

    private static async Task<(int Tokens, double Seconds)> GrpcStoryAsync(CallInvoker channel, uint seed)
    {
        long first = 0;
        var count = 0;
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(Story(seed), new CallOptions()).ResponsesAsync())
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token && count++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return (count, Stopwatch.GetElapsedTime(first).TotalSeconds);
    }

    private static async Task<(int Tokens, double Seconds)> InProcessStoryAsync(IChatClient client, uint seed)
    {
        var options = new ChatOptions { MaxOutputTokens = StoryTokens, Seed = seed };
        long first = 0;
        var count = 0;
        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Prompt)], options))
        {
            if (update.Text.Length > 0 && count++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return (count, Stopwatch.GetElapsedTime(first).TotalSeconds);
    }

    private static async Task<double> BatchedRateAsync(IChatClient client, int streams)
    {
        var started = Stopwatch.GetTimestamp();
        var stories = await Task.WhenAll(Enumerable.Range(0, streams * 3).Select(i => InProcessStoryAsync(client, (uint)(100 + i))));
        return stories.Sum(story => story.Tokens) / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> CancelThenNextFirstTokenAsync(CallInvoker channel)
    {
        var tokens = 0;
        long cancelledAt = 0;
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(Story(7), new CallOptions()).ResponsesAsync())
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token && ++tokens == 3)
            {
                cancelledAt = Stopwatch.GetTimestamp();
                break;
            }
        }

        var request = Greedy();
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(request, new CallOptions()).ResponsesAsync())
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token)
            {
                return Stopwatch.GetElapsedTime(cancelledAt).TotalMilliseconds;
            }
        }

        throw new InvalidOperationException("No token came back.");
    }
}
