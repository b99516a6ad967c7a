using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Identity;
using Platform.Gateway.Usage;

namespace Platform.Gateway.Api;

/// <summary><c>GET /api/usage</c>: the signed-in user's totals over every <c>/v1</c> call and its latest records.</summary>
public static class UsageApi
{
    public static IEndpointRouteBuilder MapUsageApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/usage", GetAsync).WithTags("Usage").RequireAuthorization();
        return endpoints;
    }

    private static async Task<Results<Ok<UsageResponse>, ProblemHttpResult>> GetAsync(HttpContext context, UsageStore store, int? limit)
    {
        if (limit is < 1 or > UsageStore.MaxRecords)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: $"'limit' must be between 1 and {UsageStore.MaxRecords}.");
        }

        var userId = context.User.UserId();
        var totals = await store.TotalsAsync(userId, context.RequestAborted);
        var records = await store.LatestAsync(userId, limit ?? 100, context.RequestAborted);
        return TypedResults.Ok(new UsageResponse(totals, records));
    }
}
