using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Platform.Gateway.Turns;

/// <summary>
/// When the Gateway began a request, as a <see cref="Stopwatch"/> timestamp. The hosting layer starts the request's
/// activity before any middleware runs, so authentication and the rate limit count in turn times as users feel them.
/// Without an activity (tracing off) it is the moment of the call.
/// </summary>
public static class RequestArrival
{
    public static long Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = Stopwatch.GetTimestamp();
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is not { } activity)
        {
            return now;
        }

        var since = DateTime.UtcNow - activity.StartTimeUtc;
        return since <= TimeSpan.Zero ? now : now - (long)(since.TotalSeconds * Stopwatch.Frequency);
    }
}
