using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Platform.AppHost.Dashboard.Logs;

/// <summary>The structured logs page's data: the newest records that match, each naming its trace.</summary>
public static class StructuredLogsApi
{
    public static IEndpointRouteBuilder MapStructuredLogsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/logs").WithTags("Structured logs").MapGet("/", Search);
        return endpoints;
    }

    private static Results<Ok<StructuredLogList>, ProblemHttpResult> Search(
        LogStore store, string? service, int? minSeverity, string? traceId, string? text, int? limit)
    {
        if (minSeverity is < 0 or > 24 || limit is < 1 or > 2000)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid log filter",
                detail: "minSeverity is an OpenTelemetry severity number (0-24: 9 info, 13 warn, 17 error), and limit is between 1 and 2000.");
        }

        return TypedResults.Ok(new StructuredLogList(store.Search(new LogQuery(service, minSeverity ?? 0, traceId, text, limit ?? 200)), store.Count));
    }
}
