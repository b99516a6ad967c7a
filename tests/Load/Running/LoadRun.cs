using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;

namespace Platform.Load.Running;

/// <summary>Runs a <see cref="RunPlan"/> against a Gateway, with a progress line each second on standard error.</summary>
internal sealed class LoadRun(TurnClient client, RunPlan plan, int? gatewayProcessId = null)
{
    private readonly ConcurrentQueue<TurnResult> results = new();
    private int inFlight;
    private int started;
    private int dropped;

    public async Task<RunResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var conversations = await client.CreateConversationsAsync(plan.OpenLoop ? Math.Min(plan.MaxInFlight, Math.Max(16, (int)Math.Ceiling(plan.Rate * 4))) : plan.Concurrency, cancellationToken);
        var idle = gatewayProcessId is { } pid ? ProcessUsage.Of(pid) : (ProcessUsage?)null;
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = 0;
        var samples = new List<int>();
        var peakRss = idle?.ResidentBytes ?? 0;
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                var now = Volatile.Read(ref inFlight);
                samples.Add(now);
                peak = Math.Max(peak, now);
                if (gatewayProcessId is { } id)
                {
                    peakRss = Math.Max(peakRss, ProcessUsage.Of(id).ResidentBytes);
                }

                if (plan.ShowProgress)
                {
                    WriteProgress(clock.Elapsed, now);
                }
            }
        }, CancellationToken.None);

        try
        {
            await (plan.OpenLoop ? OpenLoopAsync(conversations, clock, cancellationToken) : ClosedLoopAsync(conversations, clock, cancellationToken));
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        clock.Stop();
        GatewayCost? cost = null;
        if (gatewayProcessId is { } gateway && idle is { } before)
        {
            var after = ProcessUsage.Of(gateway);
            cost = new GatewayCost((after.CpuTime - before.CpuTime) / clock.Elapsed, before.ResidentBytes, Math.Max(peakRss, after.ResidentBytes));
        }

        if (plan.ShowProgress)
        {
            Console.Error.WriteLine();
        }

        return new RunResult(plan, results.OrderBy(r => r.StartedAt).ToList(), clock.Elapsed, peak, samples.Count == 0 ? 0 : samples.Average(), dropped, cost);
    }

    private bool MayStart(Stopwatch clock) =>
        clock.Elapsed < plan.Duration && (plan.MaxTurns == 0 || Interlocked.Increment(ref started) <= plan.MaxTurns);

    private async Task ClosedLoopAsync(Guid[] conversations, Stopwatch clock, CancellationToken cancellationToken) =>
        await Task.WhenAll(conversations.Select(async (conversation, i) =>
        {
            await Task.Delay(plan.RampUp * i / conversations.Length, cancellationToken);
            while (MayStart(clock))
            {
                await TurnAsync(conversation, cancellationToken);
            }
        }));

    private async Task OpenLoopAsync(Guid[] pool, Stopwatch clock, CancellationToken cancellationToken)
    {
        // A conversation runs one turn at a time, so each arrival takes a free one from the pool or creates one.
        var free = new ConcurrentBag<Guid>(pool);
        var running = new List<Task>();
        var next = TimeSpan.Zero;
        while (true)
        {
            next += TimeSpan.FromSeconds(-Math.Log(1 - Random.Shared.NextDouble()) / plan.Rate);
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            if (!MayStart(clock))
            {
                break;
            }

            if (Volatile.Read(ref inFlight) >= plan.MaxInFlight)
            {
                Interlocked.Increment(ref dropped);
                continue;
            }

            running.Add(Task.Run(async () =>
            {
                var conversation = !plan.FreshConversations && free.TryTake(out var id) ? id : await client.CreateConversationAsync(cancellationToken);
                await TurnAsync(conversation, cancellationToken);
                free.Add(conversation);
            }, cancellationToken));
        }

        await Task.WhenAll(running);
    }

    private async Task TurnAsync(Guid conversation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref inFlight);
        try
        {
            results.Enqueue(await client.RunAsync(plan.Transport, conversation, plan.Input, plan.Behaviour, cancellationToken));
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private void WriteProgress(TimeSpan elapsed, int now)
    {
        var done = results.ToArray();
        var errors = done.Count(t => t.End is not (TurnEnd.Completed or TurnEnd.Cancelled or TurnEnd.Disconnected));
        var recent = done.Where(t => t.TtftMs is not null && DateTimeOffset.UtcNow - t.StartedAt < TimeSpan.FromSeconds(5)).Select(t => t.TtftMs!.Value).Order().ToList();
        Console.Error.Write($"\r[{plan.Name}] {elapsed.TotalSeconds,5:0}s  in flight {now,5}  done {done.Length,7}  errors {errors,4}  dropped {Volatile.Read(ref dropped),4}  TTFT (last 5 s) p50 {Percentiles.Of(recent, 50),7:0.0} ms  p99 {Percentiles.Of(recent, 99),7:0.0} ms   ");
    }
}
