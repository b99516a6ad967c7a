using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Dashboard.Resources;

/// <summary>The resources page's data: the orchestrator's view of every resource, each service's health and the models.</summary>
public static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/resources").WithTags("Resources").MapGet("/", ListAsync);
        return endpoints;
    }

    private static async Task<Ok<ResourceList>> ListAsync(
        DistributedApplicationModel model, ResourceNotifications notifications, ServiceProbe probe, HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var projects = model.ProcessResources.OfType<ProjectResource>().Where(project => project.Http.IsAllocated).ToList();
        var health = projects.ToDictionary(
            project => project.Name,
            project => project.HealthCheckPath is { } path ? probe.GetAsync(new Uri(project.HttpUrl, path), cancellationToken) : Task.FromResult<ProbeAnswer?>(null));
        var models = projects.FirstOrDefault(project => project.Name == "gateway") is { } gateway
            ? probe.GetAsync(new Uri(gateway.HttpUrl, "/api/health/models"), cancellationToken)
            : Task.FromResult<ProbeAnswer?>(null);
        await Task.WhenAll([.. health.Values, models]);

        var views = new List<ResourceView>();
        foreach (var resource in model.ProcessResources)
        {
            var current = notifications.Current(resource.Name);
            var answer = health.TryGetValue(resource.Name, out var probed) ? await probed : null;
            views.Add(new ResourceView(
                resource.Name,
                resource.GetType().Name.Replace("Resource", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),
                (current?.State ?? ResourceState.Waiting).ToString(),
                current?.ProcessId,
                current?.Restarts ?? 0,
                current?.At,
                [.. resource.Endpoints.Where(endpoint => endpoint.IsAllocated).Select(endpoint => resource is ProjectResource ? $"http://127.0.0.1:{endpoint.Port}" : $"127.0.0.1:{endpoint.Port}")],
                answer?.Status,
                answer?.Body));
        }

        return TypedResults.Ok(new ResourceList(views, (await models)?.Body));
    }
}
