using System.Diagnostics;
using System.Threading.Channels;
using Platform.LlmService.Generation;

namespace Platform.LlmService.Tests;

/// <summary>Collects the service's finished spans (source Platform.LlmService) in this process.</summary>
public sealed class SpanCollector : IDisposable
{
    private readonly ActivityListener listener;
    private readonly Channel<Activity> stopped = Channel.CreateUnbounded<Activity>();

    public SpanCollector()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GenerationTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => stopped.Writer.TryWrite(activity),
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>The next finished span that matches, waiting for it if it has not ended yet.</summary>
    public async Task<Activity> NextAsync(Func<Activity, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var activity in stopped.Reader.ReadAllAsync(timeout.Token))
        {
            if (match(activity))
            {
                return activity;
            }
        }

        throw new InvalidOperationException("The span collector closed.");
    }

    public void Dispose() => listener.Dispose();
}
