using System.Diagnostics;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Collects the service's <c>tts.synthesize</c> spans in this process, as they end.</summary>
public static class SynthesisSpans
{
    public static ActivityListener Listen(List<Activity> spans, ActivitySource? testSource = null)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SynthesisTelemetry.SourceName or "Platform.Grpc" or "Microsoft.AspNetCore" || source == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                    Monitor.PulseAll(spans);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>The first synthesis span that matches, once it has ended; the server ends it after the client's call is over.</summary>
    public static Task<Activity> WaitForAsync(List<Activity> spans, Func<Activity, bool> matches) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        lock (spans)
        {
            while (true)
            {
                var found = spans.FirstOrDefault(span => span.OperationName == SynthesisTelemetry.SpanName && matches(span));
                if (found is not null)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && Monitor.Wait(spans, left), "No matching tts.synthesize span ended within 10 s.");
            }
        }
    });
}
