using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Scenarios;

namespace Platform.Gateway.Api;

public static class ScenariosApi
{
    public static IEndpointRouteBuilder MapScenariosApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/scenarios").WithTags("Scenarios").RequireAuthorization();
        api.MapGet("/", List);
        return endpoints;
    }

    private static Ok<IReadOnlyList<ScenarioResponse>> List(ScenarioCatalog catalog) =>
        TypedResults.Ok<IReadOnlyList<ScenarioResponse>>(catalog.All.Select(ScenarioResponse.From).ToList());
}
