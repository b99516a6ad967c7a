using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using OpenTelemetry;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Benchmarks;
using Platform.Gateway.ServiceCalls;
using Platform.Contracts.Grpc;

// grpc-dotnet on loopback h2c, in one process, telemetry on: per streamed message and per unary call, through the
// Gateway's client pipeline (client span, first-message resilience) and through a bare channel, beside a plain
// HTTP/2 POST of the same size to the same server. Figures of the transport this replaced are in the README.
const int StreamLength = 10_000;
const int Rounds = 10;
const int UnaryCalls = 5_000;
const int Warmup = 500;

await using var server = await BenchmarkServer.StartAsync();
using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { HttpHandler = GrpcClientExtensions.CreateHandler() });
var bare = new Interop.InteropClient(channel);
var pipelined = new Interop.InteropClient(channel.Intercept(new GrpcCallPipeline(new GrpcClientOptions(), new GrpcChaosOptions(), "benchmark")));

// Both clients warm up first, then alternate round by round, so tiered JIT and the machine's changing load weigh on
// both alike.
await CountAsync(pipelined, StreamLength);
await CountAsync(bare, StreamLength);
await UnaryAsync(pipelined, Warmup);
await UnaryAsync(bare, Warmup);
List<double> streamPipelined = [], streamBare = [], unaryPipelined = [], unaryBare = [], unaryUntraced = [];
for (var round = 0; round < Rounds; round++)
{
    streamPipelined.Add(await CountAsync(pipelined, StreamLength) / StreamLength);
    streamBare.Add(await CountAsync(bare, StreamLength) / StreamLength);
    unaryPipelined.AddRange(await UnaryAsync(pipelined, UnaryCalls / Rounds));
    unaryBare.AddRange(await UnaryAsync(bare, UnaryCalls / Rounds));

    // The same pipeline with no span on either side: what its resilience alone costs.
    using (SuppressInstrumentationScope.Begin())
    {
        unaryUntraced.AddRange(await UnaryAsync(pipelined, UnaryCalls / Rounds));
    }
}

using var http = new HttpClient(GrpcClientExtensions.CreateHandler())
{
    BaseAddress = server.Address,
    DefaultRequestVersion = System.Net.HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
};
var raw = new double[UnaryCalls];
for (var i = -Warmup; i < UnaryCalls; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(BenchmarkServer.RawPath, new ByteArrayContent(BenchmarkServer.RawBody));
    await response.Content.ReadAsByteArrayAsync();
    if (i >= 0)
    {
        raw[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }
}

var rawP50 = Percentile.Of(raw, 50);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine("| measure | Gateway's pipeline | same, spans off | bare grpc-dotnet channel | plain HTTP/2 POST |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine($"| stream, per message (median of {Rounds} x {StreamLength:N0}) | {Percentile.Of(streamPipelined, 50):0.00} µs | | {Percentile.Of(streamBare, 50):0.00} µs | |");
Console.WriteLine($"| stream, per message (best run) | {streamPipelined.Min():0.00} µs | | {streamBare.Min():0.00} µs | |");
Console.WriteLine($"| unary round trip p50 ({UnaryCalls:N0} calls) | {Percentile.Of(unaryPipelined, 50):0.00} µs | {Percentile.Of(unaryUntraced, 50):0.00} µs | {Percentile.Of(unaryBare, 50):0.00} µs | {rawP50:0.00} µs |");
Console.WriteLine($"| unary round trip p99 | {Percentile.Of(unaryPipelined, 99):0.00} µs | {Percentile.Of(unaryUntraced, 99):0.00} µs | {Percentile.Of(unaryBare, 99):0.00} µs | {Percentile.Of(raw, 99):0.00} µs |");
Console.WriteLine();
Console.WriteLine($"The pipeline adds {Percentile.Of(unaryPipelined, 50) - Percentile.Of(unaryBare, 50):0.00} µs to a bare unary call ({Percentile.Of(unaryPipelined, 50) / Percentile.Of(unaryBare, 50):0.00}x), {Percentile.Of(unaryUntraced, 50) - Percentile.Of(unaryBare, 50):0.00} µs of it without spans.");
Console.WriteLine($"A gRPC unary call through the pipeline costs {Percentile.Of(unaryPipelined, 50) - rawP50:0.00} µs more than the plain HTTP/2 round trip ({Percentile.Of(unaryPipelined, 50) / rawP50:0.00}x).");

static async Task<double> CountAsync(Interop.InteropClient client, int count)
{
    var started = Stopwatch.GetTimestamp();
    var received = 0;
    await foreach (var _ in client.Count(new Int32Value { Value = count }, new CallOptions()).ResponsesAsync())
    {
        received++;
    }

    if (received != count)
    {
        throw new InvalidOperationException($"Expected {count} messages, got {received}.");
    }

    return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

static async Task<double[]> UnaryAsync(Interop.InteropClient client, int calls)
{
    var request = new StringValue { Value = "ping" };
    var unary = new double[calls];
    for (var i = 0; i < calls; i++)
    {
        var started = Stopwatch.GetTimestamp();
        await client.EchoAsync(request, new CallOptions());
        unary[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    return unary;
}
