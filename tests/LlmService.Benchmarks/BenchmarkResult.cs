using System.Globalization;

namespace Platform.LlmService.Benchmarks;

/// <summary>The figures of one run, in milliseconds unless named otherwise.</summary>
internal sealed record BenchmarkResult(
    int Threads,
    string Model,
    double LoadMs,
    double WarmUpMs,
    IReadOnlyList<double> GrpcFirstToken,
    IReadOnlyList<double> InProcessFirstToken,
    double GrpcTokensPerSecond,
    double InProcessTokensPerSecond,
    double BatchedTokensPerSecond,
    IReadOnlyList<double> CancelToNextFirstToken)
{
    public static IReadOnlyList<(string Name, Func<BenchmarkResult, string> Value)> Rows { get; } =
    [
        ("model load (runtime, GGUF, context)", result => Ms(result.LoadMs)),
        ("warm-up generation (4 tokens)", result => Ms(result.WarmUpMs)),
        ($"TTFT p50, gRPC ({LlmBenchmark.Requests} greedy requests)", result => Ms(Percentile.Of(result.GrpcFirstToken, 50))),
        ("TTFT p50, in-process", result => Ms(Percentile.Of(result.InProcessFirstToken, 50))),
        ("TTFT p50 ratio gRPC / in-process", result => Ratio(Percentile.Of(result.GrpcFirstToken, 50), Percentile.Of(result.InProcessFirstToken, 50))),
        ("TTFT p50 added by the gRPC hop", result => Ms(Percentile.Of(result.GrpcFirstToken, 50) - Percentile.Of(result.InProcessFirstToken, 50))),
        ("TTFT p99, gRPC", result => Ms(Percentile.Of(result.GrpcFirstToken, 99))),
        ("TTFT p99, in-process", result => Ms(Percentile.Of(result.InProcessFirstToken, 99))),
        ("TTFT p99 ratio gRPC / in-process", result => Ratio(Percentile.Of(result.GrpcFirstToken, 99), Percentile.Of(result.InProcessFirstToken, 99))),
        ("tokens/s, one stream through gRPC", result => Rate(result.GrpcTokensPerSecond)),
        ("tokens/s, one stream in-process", result => Rate(result.InProcessTokensPerSecond)),
        ("tokens/s, 4 streams batched in-process (total)", result => Rate(result.BatchedTokensPerSecond)),
        ("cancel after 3rd token -> next first token, p50 (gRPC)", result => Ms(Percentile.Of(result.CancelToNextFirstToken, 50))),
        ("cancel after 3rd token -> next first token, max (gRPC)", result => Ms(result.CancelToNextFirstToken.Max())),
    ];

    private static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture) + " ms";

    private static string Ratio(double value, double baseline) => (value / baseline).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
