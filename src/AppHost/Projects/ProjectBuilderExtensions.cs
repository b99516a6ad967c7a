using Platform.AppHost.Hosting;

namespace Platform.AppHost.Projects;

public static class ProjectBuilderExtensions
{
    /// <summary>
    /// Project <paramref name="projectName"/> of this repository (src/ or tests/), run from its build output; others
    /// reach it through <c>services__{name}__http__0</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ProjectResource(name, projectName));
    }

    /// <summary>Listens on <paramref name="port"/> when it is free, else on a free port (and says so).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.Http.PreferredPort = port;
        return builder;
    }

    /// <summary>The project counts as running only once GET <paramref name="path"/> answers 200.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HealthCheckPath = path;
        return builder;
    }
}
