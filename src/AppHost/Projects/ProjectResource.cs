using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Projects;

/// <summary>
/// A .NET project of this repository, run from its build output with <c>dotnet {Project}.dll</c> (built once, never
/// <c>dotnet run</c>), listening on 127.0.0.1 at the port of its http endpoint.
/// </summary>
public sealed class ProjectResource : ProcessResource, IResourceWithServiceDiscovery
{
    private readonly HttpHealthProbe probe = new();
    private string? assembly;
    private string? projectDirectory;

    public ProjectResource(string name, string projectName)
        : base(name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        ProjectName = projectName;
        Http = AddEndpoint("http");
    }

    public string ProjectName { get; }

    public ResourceEndpoint Http { get; }

    public Uri HttpUrl => new($"http://127.0.0.1:{Http.Port.Invariant()}");

    /// <summary>The path whose 200 answer means ready; null: ready once launched.</summary>
    public string? HealthCheckPath { get; internal set; }

    internal override IEnumerable<RequiredProgram> RequiredPrograms => [DotnetHost.Program];

    internal override Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        projectDirectory = context.Repository.ProjectDirectory(ProjectName);
        assembly = context.Repository.ProjectAssembly(ProjectName);
        return File.Exists(assembly)
            ? Task.CompletedTask
            : throw new ResourceStartException(
                $"{Name}: {assembly} does not exist. Build first: dotnet build src/AppHost -c {RepositoryLayout.BuildConfiguration} (./run.sh does).");
    }

    internal override ProcessSpec CreateProcess(ResourceContext context) => new(context.PathOf(DotnetHost.Program), [assembly!])
    {
        // The content root, as under dotnet run or Aspire: the build output has no wwwroot, the project folder does.
        WorkingDirectory = projectDirectory,
        Environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = HttpUrl.ToString().TrimEnd('/'),
            ["OTEL_SERVICE_NAME"] = Name,
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        },
    };

    internal override Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken) =>
        HealthCheckPath is null ? Task.FromResult(true) : probe.IsHealthyAsync(new Uri(HttpUrl, HealthCheckPath), cancellationToken);
}
