using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.AppHost.Hosting;
using Platform.AppHost.Logging;

namespace Platform.AppHost.Dashboard.Logs;

/// <summary>The console logs page's data: what one resource wrote to stdout and stderr, optionally only lines containing a text.</summary>
public static class ConsoleLogsApi
{
    public static IEndpointRouteBuilder MapConsoleLogsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/console").WithTags("Console logs").MapGet("/{resource}", Tail);
        return endpoints;
    }

    private static Results<Ok<ConsoleLog>, ProblemHttpResult> Tail(
        DistributedApplicationModel model, ResourceLogs logs, string resource, string? filter, int? limit)
    {
        if (!model.ProcessResources.Any(known => known.Name == resource))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown resource",
                detail: $"'{resource}' is not a resource of this AppHost; they are {string.Join(", ", model.ProcessResources.Select(known => known.Name))}.");
        }

        if (limit is < 1 or > 2000)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid limit", detail: "limit is between 1 and 2000.");
        }

        var lines = logs.Tail(resource)
            .Where(line => string.IsNullOrEmpty(filter) || line.Text.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .TakeLast(limit ?? 500);
        return TypedResults.Ok(new ConsoleLog(resource, [.. lines]));
    }
}
