using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Platform.AppHost.Servers;

namespace Platform.Testing;

/// <summary>
/// One .NET service of this repository, run by Aspire as <c>dotnet X.dll</c> from its build output (the AppHost's
/// <c>dotnet run --no-build</c> needs the AppHost's build metadata) on a free port, ready once GET /health answers
/// 200, restarted when it crashes. Derive to give xunit a parameterless fixture:
/// <c>sealed class TtsFixture() : ServiceFixture("TtsService");</c>
/// </summary>
public class ServiceFixture : ResourceFixture
{
    /// <param name="unproxied">
    /// Listens on a fixed free port without DCP's proxy, as each of several replicas does in the AppHost: a killed
    /// process then refuses connections at once, where the proxy would hold them until the restart.
    /// </param>
    public ServiceFixture(string projectName, IReadOnlyDictionary<string, string>? environment = null, bool unproxied = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        ResourceName = projectName.ToLowerInvariant();
        var output = Path.Combine(Path.GetDirectoryName(RepositoryLayout.ProjectFile(projectName))!, "bin", "Release", "net10.0");
        int? port = unproxied ? LoopbackPort.Free() : null;
        var service = Builder.AddExecutable(ResourceName, "dotnet", output, Path.Combine(output, projectName + ".dll"))
            .WithHttpEndpoint(port: port, targetPort: port, env: "ASPNETCORE_HTTP_PORTS", isProxied: !unproxied)
            .WithHealthEndpoint();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            service.WithEnvironment(name, value);
        }
    }

    public string ResourceName { get; }

    public Uri BaseAddress => Application.GetEndpoint(ResourceName, "http");

    public int ProcessId => ProcessIdOf(ResourceName);
}
