using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Platform.AppHost.Dashboard.Metrics;

/// <summary>The metrics page's data: every instrument, and the histograms' percentiles over a window.</summary>
public static class MetricsApi
{
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        var metrics = endpoints.MapGroup("/api/metrics").WithTags("Metrics");
        metrics.MapGet("/", (MetricStore store) => TypedResults.Ok(store.Instruments()));
        metrics.MapGet("/histograms", Histograms);
        return endpoints;
    }

    /// <param name="window">Seconds back from now; 0 or absent: everything the dashboard keeps.</param>
    private static Results<Ok<IReadOnlyList<HistogramSummary>>, ProblemHttpResult> Histograms(
        MetricStore store, TimeProvider time, double? window, string? service, string? name)
    {
        if (window is < 0 || window > LongestWindow.TotalSeconds)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid window",
                detail: $"window is a number of seconds from 0 (everything kept) to {LongestWindow.TotalSeconds:0}.");
        }

        DateTimeOffset? since = window is > 0 ? time.GetUtcNow() - TimeSpan.FromSeconds(window.Value) : null;
        return TypedResults.Ok(store.Histograms(since, service, name));
    }
}
