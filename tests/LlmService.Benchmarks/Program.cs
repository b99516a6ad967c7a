using System.Diagnostics;
using Microsoft.Extensions.AI;
using Platform.Contracts.Llm;
using Platform.LlmService.Benchmarks;
using Platform.LlmService.Generation;
using Platform.ServiceDefaults.Grpc.Client;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

// stories260K on the real llama.cpp runtime, the service in this process: the same greedy generation timed through
// gRPC on loopback and called in-process on the provider, as issue 4 asks.
const int Requests = 100;
const int Warm = 10;
const int MaxTokens = 16;
const int RateRuns = 20;

var threads = Environment.ProcessorCount;
await using var service = await BenchmarkService.StartAsync(threads);
var state = service.Status.Current;
using var channel = new GrpcChannel(service.Address);
var client = service.Provider.ChatClient;

var grpcRequest = new GenerateRequest
{
    Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = "Once upon a time" } },
    Options = new GenerationOptions { MaxTokens = MaxTokens, Greedy = true },
};
ChatMessage[] messages = [new(ChatRole.User, "Once upon a time")];
var chatOptions = new ChatOptions { MaxOutputTokens = MaxTokens, Temperature = 0 };

for (var i = 0; i < Warm; i++)
{
    await GrpcFirstTokenAsync();
    await InProcessFirstTokenAsync();
}

var grpc = new List<double>(Requests);
var inProcess = new List<double>(Requests);
for (var i = 0; i < Requests; i++)
{
    grpc.Add(await GrpcFirstTokenAsync());
    inProcess.Add(await InProcessFirstTokenAsync());
}

var (grpcTokens, grpcSeconds) = await RateAsync(useGrpc: true);
var (localTokens, localSeconds) = await RateAsync(useGrpc: false);
var (batchTokens, batchSeconds) = await ParallelRateAsync(4);
var cancellations = await CancellationToNextFirstTokenAsync(20);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"Model: {service.Provider.Description}");
Console.WriteLine();
Console.WriteLine("| measure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| model load (llama.cpp runtime + GGUF + context) | {state.Load!.Value.TotalMilliseconds:0.0} ms |");
Console.WriteLine($"| warm-up generation (4 tokens) | {state.WarmUp!.Value.TotalMilliseconds:0.0} ms |");
Console.WriteLine($"| TTFT p50, gRPC ({Requests} requests, greedy, {MaxTokens} tokens) | {Percentile.Of(grpc, 50):0.000} ms |");
Console.WriteLine($"| TTFT p50, in-process | {Percentile.Of(inProcess, 50):0.000} ms |");
Console.WriteLine($"| TTFT p50 ratio gRPC / in-process | {Percentile.Of(grpc, 50) / Percentile.Of(inProcess, 50):0.00} |");
Console.WriteLine($"| TTFT p50 added by the gRPC hop | {Percentile.Of(grpc, 50) - Percentile.Of(inProcess, 50):0.000} ms |");
Console.WriteLine($"| TTFT p99, gRPC | {Percentile.Of(grpc, 99):0.000} ms |");
Console.WriteLine($"| TTFT p99, in-process | {Percentile.Of(inProcess, 99):0.000} ms |");
Console.WriteLine($"| TTFT p99 ratio gRPC / in-process | {Percentile.Of(grpc, 99) / Percentile.Of(inProcess, 99):0.00} |");
Console.WriteLine($"| tokens/s, one stream through gRPC ({RateRuns} stories, {grpcTokens} tokens) | {grpcTokens / grpcSeconds:0} |");
Console.WriteLine($"| tokens/s, one stream in-process ({RateRuns} stories, {localTokens} tokens) | {localTokens / localSeconds:0} |");
Console.WriteLine($"| tokens/s, 4 streams batched in-process ({batchTokens} tokens) | {batchTokens / batchSeconds:0} |");
Console.WriteLine($"| cancel after 3rd token -> next request's first token, p50 / max of {cancellations.Count} (gRPC) | {Percentile.Of(cancellations, 50):0.00} / {cancellations.Max():0.00} ms |");

async Task<double> GrpcFirstTokenAsync()
{
    var started = Stopwatch.GetTimestamp();
    double? first = null;
    await foreach (var generateEvent in channel.ServerStreamingAsync(LlmMethods.Generate, grpcRequest))
    {
        if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token)
        {
            first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    return first ?? throw new InvalidOperationException("No token came back.");
}

async Task<double> InProcessFirstTokenAsync()
{
    var started = Stopwatch.GetTimestamp();
    double? first = null;
    await foreach (var update in client.GetStreamingResponseAsync(messages, chatOptions))
    {
        if (update.Text.Length > 0)
        {
            first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }

    return first ?? throw new InvalidOperationException("No token came back.");
}

// Sampled stories of up to 1,000 tokens; the rate counts from the first token to the last, as the histogram does.
async Task<(int Tokens, double Seconds)> RateAsync(bool useGrpc)
{
    var tokens = 0;
    var seconds = 0.0;
    for (var run = 1; run <= RateRuns; run++)
    {
        var (count, elapsed) = useGrpc ? await GrpcStoryAsync((uint)run) : await InProcessStoryAsync((uint)run);
        tokens += count - 1;
        seconds += elapsed;
    }

    return (tokens, seconds);
}

async Task<(int Tokens, double Seconds)> GrpcStoryAsync(uint seed)
{
    var request = new GenerateRequest
    {
        Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = "Once upon a time" } },
        Options = new GenerationOptions { MaxTokens = 1000, Seed = seed },
    };
    long first = 0;
    var count = 0;
    await foreach (var generateEvent in channel.ServerStreamingAsync(LlmMethods.Generate, request))
    {
        if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token && count++ == 0)
        {
            first = Stopwatch.GetTimestamp();
        }
    }

    return (count, Stopwatch.GetElapsedTime(first).TotalSeconds);
}

async Task<(int Tokens, double Seconds)> InProcessStoryAsync(uint seed)
{
    var options = new ChatOptions { MaxOutputTokens = 1000, Seed = seed };
    long first = 0;
    var count = 0;
    await foreach (var update in client.GetStreamingResponseAsync(messages, options))
    {
        if (update.Text.Length > 0 && count++ == 0)
        {
            first = Stopwatch.GetTimestamp();
        }
    }

    return (count, Stopwatch.GetElapsedTime(first).TotalSeconds);
}

async Task<(int Tokens, double Seconds)> ParallelRateAsync(int streams)
{
    var started = Stopwatch.GetTimestamp();
    var results = await Task.WhenAll(Enumerable.Range(0, streams * 5).Select(i => InProcessStoryAsync((uint)(100 + i))));
    return (results.Sum(result => result.Tokens), Stopwatch.GetElapsedTime(started).TotalSeconds);
}

async Task<List<double>> CancellationToNextFirstTokenAsync(int trials)
{
    var delays = new List<double>(trials);
    var longRequest = new GenerateRequest
    {
        Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = "Once upon a time" } },
        Options = new GenerationOptions { MaxTokens = 1000, Seed = 7 },
    };
    for (var trial = 0; trial < trials; trial++)
    {
        var tokens = 0;
        await foreach (var generateEvent in channel.ServerStreamingAsync(LlmMethods.Generate, longRequest))
        {
            if (generateEvent.EventCase == GenerateEvent.EventOneofCase.Token && ++tokens == 3)
            {
                break;
            }
        }

        delays.Add(await GrpcFirstTokenAsync());
    }

    return delays;
}
