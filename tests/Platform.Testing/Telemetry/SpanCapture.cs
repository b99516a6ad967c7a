using System.Diagnostics;

namespace Platform.Testing.Telemetry;

public static class SpanCapture
{
    /// <summary>
    /// Adds each span of the sources <paramref name="listensTo"/> picks by name to <paramref name="spans"/> as it ends,
    /// pulsing the list for whoever waits on it, until the listener is disposed. By name, because a source may be
    /// made inside this very callback, before the static field that holds it is assigned.
    /// </summary>
    public static ActivityListener Start(List<Activity> spans, Func<string, bool> listensTo)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(listensTo);
        var listener = new ActivityListener
        {
            ShouldListenTo = source => listensTo(source.Name),
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
}
