using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Llm;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Gateway.Health;

public static class ModelsHealthApi
{
    public static IEndpointRouteBuilder MapModelsHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/health/models", GetAsync).WithTags("Health");
        return endpoints;
    }

    private static async Task<Ok<ModelsHealthResponse>> GetAsync(LlmClient llm, CancellationToken cancellationToken)
    {
        var services = new List<ServiceModels>();
        try
        {
            var reply = await llm.ModelsAsync(cancellationToken);
            services.Add(new ServiceModels("llm", "up", null, reply.Models.Select(m => new ModelState(m.Id, m.Provider, m.State, m.LoadMs, m.WarmupMs, m.Description)).ToList()));
        }
        catch (RpcException ex)
        {
            services.Add(new ServiceModels("llm", "unavailable", ex.Status.Detail, []));
        }

        return TypedResults.Ok(new ModelsHealthResponse(services));
    }
}
