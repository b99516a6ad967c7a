using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Platform.AppHost.Dashboard.Traces;

/// <summary>The traces page's data: the filtered list, and one trace's spans laid out against its start.</summary>
public static class TracesApi
{
    public static IEndpointRouteBuilder MapTracesApi(this IEndpointRouteBuilder endpoints)
    {
        var traces = endpoints.MapGroup("/api/traces").WithTags("Traces");
        traces.MapGet("/", List);
        traces.MapGet("/{traceId}", Get);
        return endpoints;
    }

    private static Results<Ok<TraceList>, ProblemHttpResult> List(
        SpanStore store, string? service, string? name, double? minMs, bool? errors, int? limit)
    {
        if (minMs is < 0 || limit is < 1 or > 1000)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid trace filter",
                detail: "minMs must be zero or more, and limit between 1 and 1000.");
        }

        var (services, names) = store.Catalogue();
        var found = store.Search(new TraceQuery(service, name, minMs, errors ?? false, limit ?? 100));
        return TypedResults.Ok(new TraceList(found, services, names, store.Count, store.Capacity));
    }

    private static Results<Ok<TraceDetail>, ProblemHttpResult> Get(SpanStore store, string traceId)
    {
        if (traceId.Length != 32 || !traceId.All(char.IsAsciiHexDigitLower))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid trace id",
                detail: "A trace id is 32 lowercase hexadecimal digits.");
        }

        var spans = store.Trace(traceId);
        if (spans.Count == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Trace not found",
                detail: $"No span of trace {traceId} is in the dashboard's window (it keeps the newest {store.Capacity} spans).");
        }

        var start = spans.Min(span => span.Start);
        var end = spans.Max(span => span.End);
        return TypedResults.Ok(new TraceDetail(
            traceId,
            start,
            (end - start).TotalMilliseconds,
            [.. spans.Select(span => new TraceSpan(
                span.SpanId,
                span.ParentSpanId,
                span.Service,
                span.Scope,
                span.Name,
                span.Kind,
                span.Start,
                (span.Start - start).TotalMilliseconds,
                span.DurationMs,
                span.Status,
                span.StatusMessage,
                span.Attributes,
                [.. span.Events.Select(spanEvent => new TraceSpanEvent(spanEvent.Name, (spanEvent.At - start).TotalMilliseconds, spanEvent.Attributes))],
                span.Links))]));
    }
}
