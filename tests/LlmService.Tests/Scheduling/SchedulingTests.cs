using System.Diagnostics;
using Microsoft.Extensions.AI;
using Platform.LlmService.Providers;
using Platform.LlmService.Providers.Local;
using Platform.LlmService.Scheduling;
using Platform.LlmService.Tests.Generation;
using Platform.LlmService.Tests.Providers.Local;

namespace Platform.LlmService.Tests.Scheduling;

/// <summary>Admission to the local model's sequence slots: priority order, the slot kept for people, and the queue bound, on the real model.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class SchedulingTests : IAsyncDisposable
{
    private LocalProvider provider = null!;

    public ValueTask DisposeAsync()
    {
        provider?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task InteractiveRequestQueuedBehindBackgroundWorkWaitsLessThanOneBackgroundGeneration()
    {
        await LoadModelAsync(parallelSequences: 1);

        var (interactive, background) = await InteractiveAmongThreeJobsAsync(jobTokens: 300);

        Assert.True(interactive.Queue < background[0].Generation,
            $"interactive waited {interactive.Queue.TotalMilliseconds:0.0} ms; the background generation it waited for took {background[0].Generation.TotalMilliseconds:0.0} ms");
        Assert.True(interactive.AdmittedAt < background[1].AdmittedAt && interactive.AdmittedAt < background[2].AdmittedAt,
            "the interactive request was admitted after background work that was queued before it");
    }

    [Fact]
    public async Task BackgroundWorkNeverTakesTheLastSlotSoAnInteractiveRequestStartsWhileJobsRun()
    {
        await LoadModelAsync(parallelSequences: 2);

        var (interactive, background) = await InteractiveAmongThreeJobsAsync(jobTokens: 400);

        Assert.True(interactive.AdmittedAt < background[0].EndedAt,
            $"the interactive request waited {interactive.Queue.TotalMilliseconds:0.0} ms, until the running job had ended, although a slot was free");
    }

    [Fact]
    public async Task ABackgroundStepStoppedForAPersonsRequestIsDecodedAgainSoTheJobsTextIsUnchanged()
    {
        await LoadModelAsync(parallelSequences: 2);
        var alone = await GreedyTextAsync(GenerationPriority.Background, maxTokens: 400, TestContext.Current.CancellationToken);

        var job = GreedyTextAsync(GenerationPriority.Background, maxTokens: 400, TestContext.Current.CancellationToken);
        var people = Task.Run(async () =>
        {
            var served = 0;
            while (!job.IsCompleted)
            {
                await GreedyTextAsync(GenerationPriority.Interactive, maxTokens: 2, TestContext.Current.CancellationToken);
                served++;
            }

            return served;
        }, TestContext.Current.CancellationToken);
        var interrupted = await job;
        var served = await people;

        TestContext.Current.SendDiagnosticMessage($"{served} interactive requests during the job; {provider.Decoder!.Preemptions} background steps stopped for them");
        Assert.True(provider.Decoder.Preemptions > 0, $"no background step was stopped during {served} interactive requests");
        Assert.Equal(alone, interrupted);
    }

    [Fact]
    public async Task AFullQueueRefusesMoreWorkAsBusyInsteadOfGrowing()
    {
        await LoadModelAsync(parallelSequences: 1);
        var calls = Enumerable.Range(1, 8).Select(seed => RunAsync(GenerationPriority.Background, maxTokens: 200, (uint)seed)).ToList();

        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return null;
            }
            catch (GenerationRejectedException rejected)
            {
                return rejected;
            }
        }));

        var refused = outcomes.OfType<GenerationRejectedException>().ToList();
        TestContext.Current.SendDiagnosticMessage($"{8 - refused.Count} served, {refused.Count} refused");
        Assert.InRange(refused.Count, 3, 4);
        Assert.All(refused, rejection => Assert.Equal(RejectionReason.Busy, rejection.Reason));
        Assert.Equal(0, provider.Decoder!.Waiting);
    }

    /// <summary>
    /// One job running (20 tokens in) and two queued behind it, when a person's request comes; the queued jobs must
    /// still be waiting then, whether the one slot is taken or a free slot is kept for people.
    /// </summary>
    private async Task<(Run Interactive, Run[] Background)> InteractiveAmongThreeJobsAsync(int jobTokens)
    {
        var runningFor20Tokens = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = RunAsync(GenerationPriority.Background, jobTokens, seed: 1, runningFor20Tokens);
        var queued = new[] { RunAsync(GenerationPriority.Background, jobTokens, seed: 2), RunAsync(GenerationPriority.Background, jobTokens, seed: 3) };
        await runningFor20Tokens.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(provider.Decoder!.Waiting == 2, "a second job was admitted while the first ran");

        var interactive = await RunAsync(GenerationPriority.Interactive, maxTokens: 20, seed: 9);
        var background = await Task.WhenAll(queued.Prepend(running));
        foreach (var run in background.Append(interactive))
        {
            TestContext.Current.SendDiagnosticMessage($"{run.Priority}: queued {run.Queue.TotalMilliseconds:0.0} ms, generated {run.Tokens} tokens in {run.Generation.TotalMilliseconds:0.0} ms");
        }

        return (interactive, background);
    }

    private async Task<string> GreedyTextAsync(GenerationPriority priority, int maxTokens, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = maxTokens,
            Temperature = 0,
            AdditionalProperties = new() { [ChatRequestProperties.Priority] = priority },
        };
        var text = new System.Text.StringBuilder();
        await foreach (var update in provider.ChatClient.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Requests.StoryStart)], options, cancellationToken))
        {
            text.Append(update.Text);
        }

        return text.ToString();
    }

    private async Task LoadModelAsync(int parallelSequences) =>
        provider = await LocalModels.LoadAsync(settings =>
        {
            settings.ParallelSequences = parallelSequences;
            settings.QueueCapacity = 4;
        });

    /// <summary>
    /// Runs one request; its admission and generation time come from the decoder's queue time, not from when this
    /// reader happened to see events, so a late reader cannot blur the order.
    /// </summary>
    private async Task<Run> RunAsync(GenerationPriority priority, int maxTokens, uint seed, TaskCompletionSource? after20Tokens = null)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = maxTokens,
            Seed = seed,
            AdditionalProperties = new() { [ChatRequestProperties.Priority] = priority },
        };
        var submitted = Stopwatch.GetTimestamp();
        TimeSpan? queue = null;
        var tokens = 0;
        await foreach (var update in provider.ChatClient.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, Requests.StoryStart)], options, TestContext.Current.CancellationToken))
        {
            queue ??= TimeSpan.FromMilliseconds((double)update.AdditionalProperties![ChatRequestProperties.QueueMilliseconds]!);
            tokens += update.Text.Length > 0 ? 1 : 0;
            if (tokens == 20)
            {
                after20Tokens?.TrySetResult();
            }
        }

        var endedAt = Stopwatch.GetTimestamp();
        var admittedAt = submitted + (long)(queue!.Value.TotalSeconds * Stopwatch.Frequency);
        return new Run(priority, queue.Value, admittedAt, endedAt, Stopwatch.GetElapsedTime(submitted) - queue.Value, tokens);
    }

    private sealed record Run(GenerationPriority Priority, TimeSpan Queue, long AdmittedAt, long EndedAt, TimeSpan Generation, int Tokens);
}
