using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Platform.GrpcInteropHost;
using Platform.ServiceDefaults.Benchmarks;
using Platform.ServiceDefaults.Grpc.Client;

// Our client against our server on loopback, in one process, as the Foundation issue asks.
// Reference figures from the spike on this machine kind: ~2 µs per streamed message, ~80 µs per unary call.
const int StreamLength = 10_000;
const int StreamRuns = 10;
const int UnaryCalls = 5_000;

await using var server = await BenchmarkServer.StartAsync();
using var channel = new GrpcChannel(server.Address);

await MeasureStreamAsync(channel, 1);
var perMessage = new List<double>();
for (var run = 0; run < StreamRuns; run++)
{
    perMessage.Add(await MeasureStreamAsync(channel, StreamLength) / StreamLength);
}

var request = new StringValue { Value = "ping" };
for (var i = 0; i < 500; i++)
{
    await channel.UnaryAsync(InteropMethods.Echo, request);
}

var unary = new double[UnaryCalls];
for (var i = 0; i < UnaryCalls; i++)
{
    var started = Stopwatch.GetTimestamp();
    await channel.UnaryAsync(InteropMethods.Echo, request);
    unary[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

// The same round trip without gRPC (an HTTP/2 POST of the same size to the same server, through the same handler
// kind), so the transport's own share stays visible whatever the machine's speed that day.
using var http = new HttpClient(GrpcChannel.CreateHandler())
{
    BaseAddress = server.Address,
    DefaultRequestVersion = System.Net.HttpVersion.Version20,
    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
};
var raw = new double[UnaryCalls];
for (var i = -500; i < UnaryCalls; i++)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsync(BenchmarkServer.RawPath, new ByteArrayContent(BenchmarkServer.RawBody));
    await response.Content.ReadAsByteArrayAsync();
    if (i >= 0)
    {
        raw[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }
}

var streamMedian = Percentile.Of(perMessage, 50);
var unaryP50 = Percentile.Of(unary, 50);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine();
Console.WriteLine("| measure | value | spike | ratio | within 2x |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine(Row($"stream, per message (median of {StreamRuns} x {StreamLength:N0})", streamMedian, 2));
Console.WriteLine(Row("stream, per message (best run)", perMessage.Min(), 2));
Console.WriteLine(Row($"unary round trip p50 ({UnaryCalls:N0} calls)", unaryP50, 80));
Console.WriteLine(Row("unary round trip p99", Percentile.Of(unary, 99), 80));
Console.WriteLine(Row("unary round trip mean", unary.Average(), 80));
var rawP50 = Percentile.Of(raw, 50);
Console.WriteLine();
Console.WriteLine($"Same server, plain HTTP/2 POST round trip p50: {rawP50:0.00} µs; the gRPC unary call costs {unaryP50 - rawP50:0.00} µs more ({unaryP50 / rawP50:0.00}x).");

static async Task<double> MeasureStreamAsync(GrpcChannel channel, int count)
{
    var started = Stopwatch.GetTimestamp();
    var received = 0;
    await foreach (var _ in channel.ServerStreamingAsync(InteropMethods.Count, new Int32Value { Value = count }))
    {
        received++;
    }

    if (received != count)
    {
        throw new InvalidOperationException($"Expected {count} messages, got {received}.");
    }

    return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

static string Row(string name, double microseconds, double spike) =>
    $"| {name} | {microseconds:0.00} µs | {spike} µs | {microseconds / spike:0.00} | {(microseconds <= 2 * spike ? "yes" : "no")} |";
