using System.Diagnostics;
using Grpc.Net.Client;
using Platform.Contracts.Llm;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Running;
using Platform.Contracts.Grpc;
using Platform.Testing.Grpc;
using Platform.Testing.SyntheticLlm;

namespace Platform.Load.Commands;

/// <summary>
/// <c>cost [streams...]</c>: the Gateway's own cost per streamed token at 1, 100 and 1,000 concurrent SSE streams,
/// one turn each, against the SYNTHETIC source (100 tokens at 50 tokens/s, each stamped with the moment it was
/// written), with time to first token straight from the source over gRPC for comparison.
/// </summary>
internal static class CostCommand
{
    public static async Task<int> RunAsync(int[] levels, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec();
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var client = platform.CreateClient();
        using var direct = GrpcChannel.ForAddress(platform.Synthetic!.Address, new GrpcChannelOptions { HttpHandler = Http2Handler.Create() });
        await RunCommand.WarmUpAsync(client, new RunPlan { Name = "warm-up" }, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => DirectTtftAsync(direct)));

        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine($"Token source: {spec.Describe()}.");
        Console.WriteLine();
        Console.WriteLine("| streams | completed | errors | added per token p50 | p99 | TTFT via Gateway p50 | p99 | TTFT direct gRPC p50 | p99 | Gateway CPU | RSS per stream |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var failed = false;
        foreach (var level in levels)
        {
            var directTtft = (await Task.WhenAll(Enumerable.Range(0, level).Select(_ => DirectTtftAsync(direct)))).Order().ToList();
            var run = await new LoadRun(client, new RunPlan
            {
                Name = $"cost-{level}",
                Concurrency = level,
                MaxTurns = level,
                Duration = TimeSpan.FromMinutes(5),
                RampUp = TimeSpan.FromSeconds(Math.Min(1, level / 1000.0)),
                ShowProgress = false,
            }, platform.Gateway.ProcessId).ExecuteAsync(cancellationToken);
            var summary = new RunSummary(run);
            var added = LatencyRow.Of("added", run.Turns.SelectMany(t => t.TokenDelaysMs));
            var gateway = run.Gateway!;
            Console.WriteLine(
                $"| {level:N0} | {run.Turns.Count - run.Errors:N0} | {run.Errors} | {LatencyRow.Ms(added.P50)} | {LatencyRow.Ms(added.P99)} | {LatencyRow.Ms(summary.Ttft.P50)} | {LatencyRow.Ms(summary.Ttft.P99)} " +
                $"| {LatencyRow.Ms(Percentiles.Of(directTtft, 50))} | {LatencyRow.Ms(Percentiles.Of(directTtft, 99))} | {gateway.CpuCores * 100:0}% of a core | {gateway.RssPerStreamBytes(level) / 1024:0} KB |");
            failed |= run.Errors > 0;
        }

        return failed ? 1 : 0;
    }

    /// <summary>Time to the first token straight from the source over gRPC, with no Gateway in between.</summary>
    private static async Task<double> DirectTtftAsync(GrpcChannel channel)
    {
        var started = Stopwatch.GetTimestamp();
        await foreach (var generated in new Llm.LlmClient(channel).Generate(new GenerateRequest { Messages = { new ChatMessage { Role = Role.User, Content = "Go" } } }).ResponsesAsync())
        {
            if (generated.EventCase == GenerateEvent.EventOneofCase.Token)
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return double.NaN;
    }
}
