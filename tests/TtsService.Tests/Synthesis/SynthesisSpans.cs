using System.Diagnostics;
using Platform.Testing.Telemetry;
using Platform.TtsService.Synthesis;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Collects the spans of synthesis calls in this process (ASP.NET Core's server spans), as they end.</summary>
public static class SynthesisSpans
{
    public static ActivityListener Listen(List<Activity> spans, ActivitySource? testSource = null) =>
        SpanCapture.Start(spans, name => name == "Microsoft.AspNetCore" || name == testSource?.Name);

    /// <summary>The first <c>tts.synthesize</c> server span that matches, once it has ended; the server ends it after the client's call is over.</summary>
    public static Task<Activity> WaitForAsync(List<Activity> spans, Func<Activity, bool> matches) => Task.Run(() =>
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        lock (spans)
        {
            while (true)
            {
                var found = spans.FirstOrDefault(span => span.DisplayName == SynthesisTelemetry.SpanName && span.Kind == ActivityKind.Server && matches(span));
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
