using System.Globalization;
using Platform.LlmService.Benchmarks;

// stories260K on the real llama.cpp runtime, the service in this process: the same greedy generation timed through
// gRPC on loopback and called in-process on the provider, as issue 4 asks. Arguments: llama.cpp thread counts to
// measure (default "2 1": the issue's 2 threads, and the service's default on this 2-core machine, all cores but one).
// "background [threads]" instead measures interactive TTFT idle against 20 queued summarization jobs (issue 8);
// "conversations [threads]" TTFT as 10 conversations grow to 20 turns, with the prompt cache and without (issue 19).
if (args is ["conversations", ..])
{
    await ConversationBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Math.Max(1, Environment.ProcessorCount - 1));
    return;
}

if (args is ["background", ..])
{
    await BackgroundJobsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Math.Max(1, Environment.ProcessorCount - 1));
    return;
}

var threadCounts = args.Length > 0 ? args.Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).ToArray() : [2, 1];
var results = new List<BenchmarkResult>();
foreach (var threads in threadCounts)
{
    results.Add(await LlmBenchmark.RunAsync(threads));
}

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"Model: {results[0].Model}");
Console.WriteLine();
Console.WriteLine("| measure | " + string.Join(" | ", results.Select(result => $"{result.Threads} llama.cpp thread{(result.Threads == 1 ? "" : "s")}")) + " |");
Console.WriteLine("|---|" + string.Concat(results.Select(_ => "---|")));
foreach (var (name, value) in BenchmarkResult.Rows)
{
    Console.WriteLine($"| {name} | " + string.Join(" | ", results.Select(value)) + " |");
}
