using System.Diagnostics;
using System.Threading.Channels;
using Platform.LlmService.Generation;
using Platform.LlmService.Jobs;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.LlmService.Tests;

/// <summary>
/// Collects the finished spans of this process that a generation or job makes: the gRPC client's, ASP.NET Core's
/// server spans, HttpClient's, the service's own and MassTransit's, plus the test's own root spans.
/// </summary>
public sealed class SpanCollector : IDisposable
{
    public const string TestSourceName = "Platform.LlmService.Tests";

    private readonly ActivityListener listener;
    private readonly List<Activity> spans = [];
    private readonly Channel<Activity> stopped = Channel.CreateUnbounded<Activity>();

    public SpanCollector()
    {
        listener = new ActivityListener
        {
            // By name: a source may be constructed inside this very callback, before its static field is assigned.
            ShouldListenTo = source => source.Name is GenerationTelemetry.SourceName or JobTelemetry.Name
                or PlatformTelemetry.MassTransitSourceName or "Microsoft.AspNetCore" or "System.Net.Http" or TestSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }

                stopped.Writer.TryWrite(activity);
            },
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Every span that has ended so far.</summary>
    public IReadOnlyList<Activity> Ended
    {
        get
        {
            lock (spans)
            {
                return [.. spans];
            }
        }
    }

    /// <summary>The first finished span that matches, waiting for it (up to 30 s) if it has not ended yet.</summary>
    public async Task<Activity> NextAsync(Func<Activity, bool> match) =>
        await TryNextAsync(match, TimeSpan.FromSeconds(30)) ?? throw new TimeoutException("No matching span ended within 30 s.");

    /// <summary>The first finished span that matches, or null when none has ended within <paramref name="within"/>.</summary>
    public async Task<Activity?> TryNextAsync(Func<Activity, bool> match, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        try
        {
            while (true)
            {
                lock (spans)
                {
                    if (spans.FirstOrDefault(match) is { } found)
                    {
                        return found;
                    }
                }

                await stopped.Reader.ReadAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => listener.Dispose();
}
