using System.Diagnostics;
using System.Net.Http.Headers;
using Platform.Gateway.Benchmarks;
using Platform.Testing;
using Platform.Testing.SyntheticLlm;

// The Gateway's own cost per streamed token, at growing numbers of concurrent SSE streams. The token source is
// SYNTHETIC (tests/SyntheticLlm): 100 tokens per turn at 50 tokens/s, each stamped with the moment it was written,
// so the model's speed does not hide the Gateway's. Source and clients share this process; the Gateway runs alone.
// With the argument "voice [turns]" it measures voice to first audio through the whole platform instead.
if (args is ["voice", ..])
{
    await VoiceTurns.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);
    return;
}

var levels = args.Length > 0 ? args.Select(int.Parse).ToArray() : [1, 100, 1_000];
const int TokensPerTurn = 100;
var tokenInterval = TimeSpan.FromMilliseconds(20);

await using var postgres = new PostgresFixture();
await using var redis = new RedisFixture();
await Task.WhenAll(postgres.InitializeAsync().AsTask(), redis.InitializeAsync().AsTask());
await using var source = await SyntheticLlmServer.StartAsync(new SyntheticLlmBehaviour { Tokens = TokensPerTurn, TokenInterval = tokenInterval, TimestampTokens = true });
var key = "pk_benchmark_" + Guid.NewGuid().ToString("N");
await using var gateway = new ServiceFixture("Gateway", new Dictionary<string, string>
{
    ["ConnectionStrings__conversations"] = postgres.ConnectionString,
    ["ConnectionStrings__redis"] = redis.ConnectionString,
    ["services__llm__http__0"] = source.Address.ToString(),
    ["Gateway__Identity__BootstrapApiKey"] = key,
    ["Gateway__Limits__ConcurrentTurns"] = "10000",
    ["Gateway__Limits__RequestsPerMinute"] = "1000000",
    ["Logging__LogLevel__Default"] = "Warning",
});
await gateway.InitializeAsync();

using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
{
    BaseAddress = gateway.BaseAddress,
    Timeout = Timeout.InfiniteTimeSpan,
};
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
var streams = new GatewayStreams(http);
using var direct = source.CreateChannel();

// Warm-up: JIT, connection pools and the first database pages, so the first level measures steady state.
await Task.WhenAll((await streams.CreateConversationsAsync(20)).Select(streams.StreamAsync));
await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GatewayStreams.DirectTtftAsync(direct)));

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Token source: SYNTHETIC, {TokensPerTurn} tokens/turn at {1000 / tokenInterval.TotalMilliseconds:0} tokens/s per stream.");
Console.WriteLine();
Console.WriteLine("| streams | completed | errors | added per token p50 | p99 | TTFT via Gateway p50 | p99 | TTFT direct gRPC p50 | p99 | Gateway CPU | Gateway RSS | RSS per stream |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var level in levels)
{
    var conversations = await streams.CreateConversationsAsync(level);
    var directTtft = await Task.WhenAll(Enumerable.Range(0, level).Select(_ => GatewayStreams.DirectTtftAsync(direct)));
    var idle = ProcessUsage.Of(gateway.ProcessId);
    var before = ProcessUsage.Of(gateway.ProcessId);
    var wall = Stopwatch.StartNew();
    var ramp = TimeSpan.FromSeconds(Math.Min(1, level / 1000.0));
    var peakRss = 0L;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peakRss = Math.Max(peakRss, ProcessUsage.Of(gateway.ProcessId).ResidentBytes);
            await Task.Delay(100);
        }
    });
    var results = await Task.WhenAll(conversations.Select(async (conversation, i) =>
    {
        await Task.Delay(ramp * i / level);
        return await streams.StreamAsync(conversation);
    }));
    wall.Stop();
    await sampling.CancelAsync();
    await sampler;
    var after = ProcessUsage.Of(gateway.ProcessId);

    var latencies = results.SelectMany(r => r.TokenLatenciesMs).Order().ToList();
    var ttft = results.Where(r => r.TtftMs is not null).Select(r => r.TtftMs!.Value).Order().ToList();
    var directSorted = directTtft.Order().ToList();
    var cpu = (after.CpuTime - before.CpuTime) / wall.Elapsed;
    var errors = results.Where(r => !r.Completed).ToList();
    Console.WriteLine(
        $"| {level:N0} | {results.Length - errors.Count:N0} | {errors.Count} | {Percentiles.Of(latencies, 50):0.00} ms | {Percentiles.Of(latencies, 99):0.00} ms " +
        $"| {Percentiles.Of(ttft, 50):0.0} ms | {Percentiles.Of(ttft, 99):0.0} ms | {Percentiles.Of(directSorted, 50):0.0} ms | {Percentiles.Of(directSorted, 99):0.0} ms " +
        $"| {cpu * 100:0}% of a core | {peakRss / 1048576.0:0} MB | {(peakRss - idle.ResidentBytes) / 1024.0 / level:0} KB |");
    foreach (var error in errors.Select(e => e.Error).Distinct().Take(3))
    {
        Console.WriteLine($"  error: {error}");
    }
}
