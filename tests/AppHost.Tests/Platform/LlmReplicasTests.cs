using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

/// <summary>
/// <c>PLATFORM_LLM_REPLICAS=2</c>: two LlmService resources behind the Gateway's one service name <c>llm</c>. Which
/// replica served a request is read where an operator reads it, from each replica's spans in the dashboard.
/// </summary>
[Collection(TwoLlmReplicasCollection.Name)]
public sealed class LlmReplicasTests(TwoLlmReplicasPlatform platform)
{
    private const int Requests = 100;
    private const int Clients = 4;
    private const int KillAfter = 30;
    private const string Killed = "llm-2";
    private static readonly TimeSpan MarkedDownWithin = TimeSpan.FromSeconds(5);

    /// <summary>How long requests go on after the kill, so many start after the replica is marked down.</summary>
    private static readonly TimeSpan RunAfterKill = TimeSpan.FromSeconds(10);

    /// <summary>A restarted replica's probe runs every second and the passive check lets go after 5 s; YARP's default kept it out for a minute.</summary>
    private static readonly TimeSpan RejoinWithin = TimeSpan.FromSeconds(15);

    /// <summary>Every request's own deadline: one that reaches it has hung.</summary>
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HundredChatCompletionsSpreadOverBothReplicasAndAfterOneIsKilledEveryRequestOnceItIsMarkedDownSucceedsNoneHangsAndItRejoinsOnceRestarted()
    {
        await WaitForBothHealthyAsync();
        var before = await ServedAsync(ChatCompletion, minimum: 0);

        // 100 requests with both replicas up: each serves its share.
        var clock = Stopwatch.StartNew();
        var spread = await RunAsync(clock, keepGoing: n => n <= Requests, beforeRequest: _ => Task.CompletedTask);
        var served = Minus(await ServedAsync(ChatCompletion, minimum: before.Values.Sum() + Requests), before);

        // The same load again; llm-2 killed with SIGKILL after 30 requests, the load going on for 10 s after it. The
        // Gateway logs YARP's verdict on each destination, whose name carries the replica's address.
        var killedProcess = platform.ProcessIdOf(Killed);
        var killedPort = $":{platform.Application.GetEndpoint(Killed, "http").Port.ToString(CultureInfo.InvariantCulture)}";
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(Token);
        clock.Restart();
        var markedUnhealthy = WatchGatewayLogAsync(line => line.Contains(killedPort, StringComparison.Ordinal) && line.Contains("'Unhealthy", StringComparison.Ordinal), clock, stopWatching.Token);
        long killedAtTicks = 0;
        Task<TimeSpan>? healthyAgain = null;
        var run = await RunAsync(
            clock,
            keepGoing: n => n <= KillAfter || clock.Elapsed < TimeSpan.FromTicks(Interlocked.Read(ref killedAtTicks)) + RunAfterKill,
            beforeRequest: async n =>
            {
                if (n == KillAfter)
                {
                    Assert.True(await ProcessSignal.SendAsync(killedProcess, "KILL"));
                    Interlocked.Exchange(ref killedAtTicks, clock.Elapsed.Ticks);
                    healthyAgain = HealthyAgainAsync(killedProcess, clock);
                }
            });
        var kill = TimeSpan.FromTicks(Interlocked.Read(ref killedAtTicks));
        var back = await healthyAgain!;
        await stopWatching.CancelAsync();
        var rejoined = await RejoinedAsync(clock);
        var unhealthy = (await markedUnhealthy).Where(line => line.At > kill).OrderBy(line => line.At).ToList();
        TimeSpan? down = unhealthy.Count > 0 ? unhealthy[0].At : null;

        var failed = run.Where(r => r.Status != 200).ToList();
        var afterMarkedDown = run.Where(r => r.Started > kill + MarkedDownWithin).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"both up: {spread.Count} requests, llm served {served.GetValueOrDefault("llm")}, llm-2 {served.GetValueOrDefault("llm-2")}, failed {spread.Count(r => r.Status != 200)}. " +
            $"kill run: {run.Count} requests in {clock.Elapsed.TotalSeconds:0.0} s; {Killed} (pid {killedProcess}) killed at {kill.TotalSeconds:0.00} s, " +
            $"marked down by the Gateway {(down is { } at ? $"{(at - kill).TotalSeconds:0.00} s after it ({unhealthy[0].Line.Trim()})" : "never")}, healthy again (pid {platform.ProcessIdOf(Killed)}) {(back - kill).TotalSeconds:0.00} s after it, seen serving requests again {(rejoined - kill).TotalSeconds:0.00} s after it (checked once the run had ended); " +
            $"failed: {failed.Count} (statuses {string.Join(' ', failed.Select(f => f.Status))}, started {string.Join(' ', failed.Select(f => (f.Started - kill).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s after the kill, " +
            $"ended {string.Join(' ', failed.Select(f => (f.Ended - kill).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))} s after it); " +
            $"{afterMarkedDown.Count} started more than {MarkedDownWithin.TotalSeconds} s after it; longest request {Longest(run, kill)}"));

        Assert.All(spread, r => Assert.Equal(200, r.Status));
        Assert.True(served.GetValueOrDefault("llm") >= Requests / 4 && served.GetValueOrDefault("llm-2") >= Requests / 4, $"Both replicas served their share: {string.Join(", ", served)}.");
        Assert.True(down is { } markedAt && markedAt - kill < MarkedDownWithin, $"The Gateway marked {Killed} down {down - kill} after the kill.");
        Assert.NotEmpty(afterMarkedDown);
        Assert.All(afterMarkedDown, r => Assert.Equal(200, r.Status));
        Assert.All(failed, f => Assert.True(f.Started < kill + MarkedDownWithin, $"A request started {(f.Started - kill).TotalSeconds:0.00} s after the kill failed with {f.Status}."));
        Assert.All(run, r => Assert.True(r.Status != Result.Hung, $"A request started {(r.Started - kill).TotalSeconds:0.00} s after the kill was still waiting after {RequestDeadline.TotalSeconds} s."));
    }

    /// <summary>When (on <paramref name="clock"/>) the killed replica's replacement is running and healthy, watched from the kill on while the load goes on.</summary>
    private async Task<TimeSpan> HealthyAgainAsync(int killedProcess, Stopwatch clock)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await platform.WaitForHealthyReplacementAsync(Killed, killedProcess, deadline.Token);
        return clock.Elapsed;
    }

    /// <summary>
    /// When (on <paramref name="clock"/>) the restarted replica has served a request again: YARP takes it back once its
    /// probe answers 200 and the passive check's reactivation period has passed.
    /// </summary>
    private async Task<TimeSpan> RejoinedAsync(Stopwatch clock)
    {
        var before = (await ServedAsync(ChatCompletion, minimum: 0)).GetValueOrDefault(Killed);
        var deadline = clock.Elapsed + RejoinWithin;
        while (clock.Elapsed < deadline)
        {
            var batch = await RunAsync(clock, keepGoing: n => n <= Clients * 5, beforeRequest: _ => Task.CompletedTask);
            Assert.All(batch, r => Assert.Equal(200, r.Status));
            if ((await ServedAsync(ChatCompletion, minimum: 0)).GetValueOrDefault(Killed) > before)
            {
                return clock.Elapsed;
            }
        }

        throw new TimeoutException($"{Killed} served no request in the {RejoinWithin.TotalSeconds} s after it was healthy again.");
    }

    [Fact]
    public async Task EachConversationsTurnsGoToOneReplicaWhichReusesItsPromptAndConversationsSpreadOverBoth()
    {
        await WaitForBothHealthyAsync();
        var before = await ServedAsync(GrpcGenerate, minimum: 0);
        var reusedBefore = await ServedAsync(ReusedPrompt, minimum: 0);
        const int Conversations = 12;
        const int TurnsEach = 2;

        using var client = platform.GatewayClient();
        for (var i = 0; i < Conversations; i++)
        {
            using var created = await client.PostAsJsonAsync("/api/conversations", new { }, Token);
            created.EnsureSuccessStatusCode();
            var conversation = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString();
            for (var turn = 0; turn < TurnsEach; turn++)
            {
                using var answer = await client.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = $"Tell me story number {turn}." }, Token);
                answer.EnsureSuccessStatusCode();
                Assert.Equal("complete", (await answer.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("status").GetString());
            }
        }

        var served = Minus(await ServedAsync(GrpcGenerate, minimum: before.Values.Sum() + (Conversations * TurnsEach)), before);
        var reused = Minus(await ServedAsync(ReusedPrompt, minimum: 0), reusedBefore);
        TestContext.Current.TestOutputHelper?.WriteLine($"{Conversations} conversations of {TurnsEach} turns: served {string.Join(", ", served)}; turns that reused their conversation's cached prompt {string.Join(", ", reused)}");

        // A later turn reuses the cached prompt only on the replica that ran the conversation's earlier turn.
        Assert.Equal(Conversations * (TurnsEach - 1), reused.Values.Sum());
        Assert.All(platform.LlmReplicas, replica => Assert.True(served.GetValueOrDefault(replica) > 0, $"{replica} served none of the conversations: {string.Join(", ", served)}."));
    }

    private async Task WaitForBothHealthyAsync()
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        foreach (var replica in platform.LlmReplicas)
        {
            await platform.Application.ResourceNotifications.WaitForResourceHealthyAsync(replica, deadline.Token);
        }
    }

    /// <summary>Greedy 16-token completions through the Gateway from <see cref="Clients"/> clients while <paramref name="keepGoing"/> holds for the next request's number.</summary>
    private async Task<IReadOnlyList<Result>> RunAsync(Stopwatch clock, Func<int, bool> keepGoing, Func<int, Task> beforeRequest)
    {
        var results = new ConcurrentBag<Result>();
        var issued = 0;
        using var client = platform.GatewayClient();

        async Task ClientAsync()
        {
            while (Interlocked.Increment(ref issued) is var n && keepGoing(n))
            {
                await beforeRequest(n);
                var started = clock.Elapsed;
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
                deadline.CancelAfter(RequestDeadline);
                int status;
                try
                {
                    using var response = await client.PostAsJsonAsync("/v1/chat/completions",
                        new { messages = new[] { new { role = "user", content = "Once upon a time" } }, max_tokens = 16, temperature = 0 }, deadline.Token);
                    status = (int)response.StatusCode;
                    var body = await response.Content.ReadAsStringAsync(deadline.Token);
                    JsonDocument.Parse(body).RootElement.GetProperty(response.IsSuccessStatusCode ? "choices" : "error");
                }
                catch (HttpRequestException)
                {
                    status = Result.ConnectionFailed;
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !Token.IsCancellationRequested)
                {
                    status = Result.Hung;
                }

                results.Add(new Result(started, clock.Elapsed, status));
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => ClientAsync())).WaitAsync(TimeSpan.FromMinutes(5), Token);
        return [.. results.OrderBy(r => r.Started)];
    }

    /// <summary>LlmService's server span of one <c>/v1/chat/completions</c> request.</summary>
    private static bool ChatCompletion(DashboardSpan span) => span.Name == "POST /v1/chat/completions";

    /// <summary>LlmService's server span of one Generate call (a background job's generation has an <c>llm.generate</c> span too, without <c>rpc.system</c>).</summary>
    private static bool GrpcGenerate(DashboardSpan span) => span.Name == "llm.generate" && span.Attributes.ContainsKey("rpc.system");

    /// <summary>A Generate call whose prompt began with tokens the replica had cached from the conversation's last turn.</summary>
    private static bool ReusedPrompt(DashboardSpan span) =>
        GrpcGenerate(span) && span.Attributes.GetValueOrDefault("gen_ai.usage.cache_read.input_tokens") is { } tokens && int.Parse(tokens, CultureInfo.InvariantCulture) > 0;

    /// <summary>
    /// How many spans that are <paramref name="served"/> each LlmService replica has sent the dashboard, once at least
    /// <paramref name="minimum"/> in all, or as many as it shows 30 s on: the assertions judge a shortfall (a batch the
    /// exporter dropped on a loaded machine) instead of a cancellation that names nothing.
    /// </summary>
    private async Task<Dictionary<string, int>> ServedAsync(Func<DashboardSpan, bool> served, int minimum)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            // The dashboard lists 100 traces unless told otherwise.
            var counts = DashboardSpan.From(await platform.TelemetryAsync("traces?limit=100000", Token))
                .Where(span => platform.LlmReplicas.Contains(span.Service) && served(span))
                .GroupBy(span => span.Service)
                .ToDictionary(g => g.Key, g => g.Count());
            if (counts.Values.Sum() >= minimum)
            {
                return counts;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"The dashboard showed {counts.Values.Sum()} of the {minimum} spans expected after 30 s: {string.Join(", ", counts)}.");
                return counts;
            }

            // The replicas export in batches, every second.
            await Task.Delay(TimeSpan.FromMilliseconds(500), Token);
        }
    }

    /// <summary>Each Gateway console line that <paramref name="matches"/> and when (on <paramref name="clock"/>) it arrived, until <paramref name="cancellationToken"/> stops the watch.</summary>
    private async Task<IReadOnlyList<(TimeSpan At, string Line)>> WatchGatewayLogAsync(Func<string, bool> matches, Stopwatch clock, CancellationToken cancellationToken)
    {
        Assert.True(platform.Application.ResourceNotifications.TryGetCurrentState("gateway", out var gateway));
        var logs = platform.Application.Services.GetRequiredService<ResourceLoggerService>();
        var arrivals = new List<(TimeSpan, string)>();
        try
        {
            // The watch starts with what was written before; those lines arrive at once, before anything is killed.
            await foreach (var batch in logs.WatchAsync(gateway.ResourceId).WithCancellation(cancellationToken))
            {
                arrivals.AddRange(batch.Where(line => matches(line.Content)).Select(line => (clock.Elapsed, line.Content)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return arrivals;
    }

    private static string Longest(IReadOnlyList<Result> run, TimeSpan kill) =>
        run.MaxBy(r => r.Ended - r.Started) is { } longest
            ? string.Create(CultureInfo.InvariantCulture, $"{(longest.Ended - longest.Started).TotalMilliseconds:0} ms ({longest.Status}, started {(longest.Started - kill).TotalSeconds:0.00} s after the kill)")
            : "none";

    private static Dictionary<string, int> Minus(Dictionary<string, int> after, Dictionary<string, int> before) =>
        after.ToDictionary(pair => pair.Key, pair => pair.Value - before.GetValueOrDefault(pair.Key));

    private sealed record Result(TimeSpan Started, TimeSpan Ended, int Status)
    {
        public const int ConnectionFailed = 0;
        public const int Hung = -1;
    }
}
