using Platform.Contracts.Grpc;
using Grpc.Core;
using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Platform.Contracts.Jobs;
using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using Platform.Testing;

namespace Platform.LlmService.Benchmarks;

/// <summary>
/// Interactive time to first token through gRPC on an idle service, then while 20 summarization jobs are queued on
/// the real RabbitMQ and consumed by the same service: every finished job is replaced at once, so the backlog stays at
/// 20 for the whole measurement (issue 8's goal: at most 1.5x the idle figure).
/// </summary>
internal static class BackgroundJobsBenchmark
{
    private const int QueuedJobs = 20;
    private const int Requests = 200;
    private const int WarmRequests = 20;

    public static async Task RunAsync(int threads)
    {
        await using var broker = new RabbitMQFixture();
        await broker.InitializeAsync();
        await using var service = await BenchmarkService.StartAsync(threads, broker.ConnectionString);
        var channel = service.Channel;

        var backlog = new Backlog();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(new Uri(broker.ConnectionString));
            rabbit.ReceiveEndpoint("benchmark-conversation-summarized", endpoint =>
                endpoint.Handler<ConversationSummarized>(context => backlog.ReplaceAsync(context)));
        });
        await bus.StartAsync();
        try
        {
            for (var i = 0; i < WarmRequests; i++)
            {
                await FirstTokenAsync(channel);
            }

            var idle = await MeasureAsync(channel);

            backlog.Start(bus);
            for (var i = 0; i < QueuedJobs; i++)
            {
                await bus.Publish(SummarizeJob.Next());
            }

            await backlog.FirstDone.WaitAsync(TimeSpan.FromMinutes(2));
            var doneBefore = backlog.Done;
            var started = Stopwatch.GetTimestamp();
            var loaded = await MeasureAsync(channel);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var jobsDuring = backlog.Done - doneBefore;
            backlog.Stop();

            Print(threads, idle, loaded, jobsDuring, seconds);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task<List<FirstToken>> MeasureAsync(CallInvoker channel)
    {
        var samples = new List<FirstToken>(Requests);
        for (var i = 0; i < Requests; i++)
        {
            samples.Add(await FirstTokenAsync(channel));
        }

        return samples;
    }

    private static async Task<FirstToken> FirstTokenAsync(CallInvoker channel)
    {
        var request = new GenerateRequest
        {
            Messages = { new Platform.Contracts.Llm.ChatMessage { Role = Role.User, Content = "Once upon a time" } },
            Options = new GenerationOptions { MaxTokens = 16, Greedy = true },
            Priority = Priority.Interactive,
        };
        var started = Stopwatch.GetTimestamp();
        double? first = null;
        double queue = 0, serverTtft = 0;
        await foreach (var generateEvent in new Llm.LlmClient(channel).Generate(request, new CallOptions()).ResponsesAsync())
        {
            switch (generateEvent.EventCase)
            {
                case GenerateEvent.EventOneofCase.Token:
                    first ??= Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                case GenerateEvent.EventOneofCase.Started:
                    queue = generateEvent.Started.QueueMs;
                    break;
                case GenerateEvent.EventOneofCase.Completed:
                    serverTtft = generateEvent.Completed.TtftMs;
                    break;
            }
        }

        return new FirstToken(first ?? throw new InvalidOperationException("No token came back."), queue, serverTtft);
    }

    private static void Print(int threads, List<FirstToken> idle, List<FirstToken> loaded, int jobsDuring, double seconds)
    {
        static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; llama.cpp threads: {threads}");
        Console.WriteLine($"Interactive TTFT through gRPC, {Requests} greedy requests each way; {QueuedJobs} summarization jobs kept queued on RabbitMQ " +
            $"({jobsDuring} finished during the {seconds:0.0} s measured, {jobsDuring / seconds:0.0} jobs/s)");
        Console.WriteLine();
        Console.WriteLine($"| measure | idle | {QueuedJobs} jobs queued | ratio |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (measure, value) in new (string, Func<FirstToken, double>)[]
                 { ("TTFT at the client", sample => sample.ClientMs), ("TTFT in the service", sample => sample.ServiceMs), ("of it queued for a slot", sample => sample.QueueMs) })
        {
            foreach (var (name, percentile) in new[] { ("p50", 50.0), ("p95", 95.0), ("p99", 99.0) })
            {
                var (quiet, busy) = (Percentile.Of(idle.Select(value), percentile), Percentile.Of(loaded.Select(value), percentile));
                Console.WriteLine($"| {measure} {name} | {Ms(quiet)} ms | {Ms(busy)} ms | {busy / quiet:0.00}x |");
            }
        }
    }

    private sealed record FirstToken(double ClientMs, double QueueMs, double ServiceMs);

    /// <summary>Keeps the number of queued jobs constant: each summary that comes back is answered with a new job.</summary>
    private sealed class Backlog
    {
        private readonly TaskCompletionSource firstDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private IBus? bus;
        private int done;

        public Task FirstDone => firstDone.Task;

        public int Done => Volatile.Read(ref done);

        public void Start(IBus target) => Volatile.Write(ref bus, target);

        public void Stop() => Volatile.Write(ref bus, null);

        public async Task ReplaceAsync(ConsumeContext<ConversationSummarized> context)
        {
            Interlocked.Increment(ref done);
            firstDone.TrySetResult();
            if (Volatile.Read(ref bus) is { } target)
            {
                await target.Publish(SummarizeJob.Next(), context.CancellationToken);
            }
        }
    }
}
