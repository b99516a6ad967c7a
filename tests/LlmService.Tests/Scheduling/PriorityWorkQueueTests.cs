using Platform.LlmService.Providers;
using Platform.LlmService.Scheduling;

namespace Platform.LlmService.Tests.Scheduling;

public sealed class PriorityWorkQueueTests
{
    [Fact]
    public void InteractiveWorkIsTakenBeforeBackgroundWorkThatCameEarlier()
    {
        var queue = new PriorityWorkQueue<string>(10);
        queue.Enqueue("background 1", GenerationPriority.Background);
        queue.Enqueue("background 2", GenerationPriority.Background);
        queue.Enqueue("interactive 1", GenerationPriority.Interactive);
        queue.Enqueue("interactive 2", GenerationPriority.Interactive);

        var order = new List<string>();
        while (queue.TryDequeue(wait: false, out var item))
        {
            order.Add(item!);
        }

        Assert.Equal(["interactive 1", "interactive 2", "background 1", "background 2"], order);
    }

    [Fact]
    public void BackgroundWorkStaysQueuedWhenTheConsumerHasNoSlotForIt()
    {
        var queue = new PriorityWorkQueue<string>(10);
        queue.Enqueue("background", GenerationPriority.Background);

        Assert.False(queue.TryDequeue(wait: false, out _, includeBackground: false));
        queue.Enqueue("interactive", GenerationPriority.Interactive);
        Assert.True(queue.TryDequeue(wait: false, out var taken, includeBackground: false));

        Assert.Equal("interactive", taken);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AFullQueueRefusesInsteadOfGrowing()
    {
        var queue = new PriorityWorkQueue<string>(2);
        queue.Enqueue("a", GenerationPriority.Interactive);
        queue.Enqueue("b", GenerationPriority.Interactive);

        var refused = Assert.Throws<GenerationRejectedException>(() => queue.Enqueue("c", GenerationPriority.Interactive));

        Assert.Equal(RejectionReason.Busy, refused.Reason);
        Assert.Contains("queue is full", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void QueuedBackgroundWorkNeverTakesAPlaceAPersonWouldGet()
    {
        var queue = new PriorityWorkQueue<string>(2);
        queue.Enqueue("job 1", GenerationPriority.Background);
        queue.Enqueue("job 2", GenerationPriority.Background);

        Assert.Throws<GenerationRejectedException>(() => queue.Enqueue("job 3", GenerationPriority.Background));
        queue.Enqueue("person", GenerationPriority.Interactive);

        Assert.True(queue.TryDequeue(wait: false, out var first));
        Assert.Equal("person", first);
    }

    [Fact]
    public void RemovingAWaitingItemFreesItsPlace()
    {
        var queue = new PriorityWorkQueue<string>(1);
        queue.Enqueue("given up", GenerationPriority.Interactive);

        Assert.True(queue.TryRemove("given up"));
        queue.Enqueue("next", GenerationPriority.Interactive);
        Assert.False(queue.TryRemove("given up"));
    }

    [Fact]
    public async Task ClosingWakesAConsumerWaitingOnAnEmptyQueue()
    {
        var queue = new PriorityWorkQueue<string>(4);
        var consumer = Task.Factory.StartNew(() => queue.TryDequeue(wait: true, out _), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        queue.Close();

        Assert.False(await consumer.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void ClosingHandsBackWaitingWorkAndRefusesMore()
    {
        var queue = new PriorityWorkQueue<string>(4);
        queue.Enqueue("background", GenerationPriority.Background);
        queue.Enqueue("interactive", GenerationPriority.Interactive);

        var left = queue.Close();

        Assert.Equal(["interactive", "background"], left);
        Assert.Throws<GenerationRejectedException>(() => queue.Enqueue("late", GenerationPriority.Interactive));
    }
}
