using Platform.AppHost.Hosting;
using Platform.AppHost.Projects;

namespace Platform.Testing;

/// <summary>
/// One .NET service of this repository, run from its build output on a free port, ready once GET /health answers
/// 200. Derive to give xunit a parameterless fixture: <c>sealed class TtsFixture() : ServiceFixture("TtsService");</c>
/// </summary>
public class ServiceFixture : ResourceFixture
{
    public ServiceFixture(string projectName, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        ResourceName = projectName.ToLowerInvariant();
        var service = Builder.AddProject(ResourceName, projectName).WithHttpHealthCheck();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            service.WithEnvironment(name, value);
        }

        Service = service.Resource;
    }

    public string ResourceName { get; }

    public ProjectResource Service { get; }

    public Uri BaseAddress => Service.HttpUrl;

    public int ProcessId => ProcessIdOf(ResourceName);
}
