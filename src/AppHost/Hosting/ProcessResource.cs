using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Hosting;

/// <summary>A resource that runs as a supervised process: started once its dependencies run, probed until ready, restarted when it crashes.</summary>
public abstract class ProcessResource : Resource
{
    private readonly List<ResourceEndpoint> endpoints = [];

    protected ProcessResource(string name)
        : base(name)
    {
    }

    public IReadOnlyList<ResourceEndpoint> Endpoints => endpoints;

    public RestartPolicy RestartPolicy { get; internal set; } = RestartPolicy.Default;

    public TimeSpan StartupTimeout { get; internal set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a graceful stop may take before the process group is killed.</summary>
    public TimeSpan StopTimeout { get; internal set; } = TimeSpan.FromSeconds(5);

    /// <summary>Variables set on top of the resource's own: references and <c>WithEnvironment</c>, read at each launch.</summary>
    internal Dictionary<string, Func<string>> Environment { get; } = new(StringComparer.Ordinal);

    internal virtual Signal StopSignal => Signal.Terminate;

    internal virtual IEnumerable<RequiredProgram> RequiredPrograms => [];

    protected ResourceEndpoint AddEndpoint(string name, int? preferredPort = null)
    {
        var endpoint = new ResourceEndpoint(name, preferredPort);
        endpoints.Add(endpoint);
        return endpoint;
    }

    /// <summary>Runs once before the first launch: folders, one-time initialisation.</summary>
    internal virtual Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    internal abstract ProcessSpec CreateProcess(ResourceContext context);

    /// <summary>The readiness probe; the resource counts as running only once it passes.</summary>
    internal virtual Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <summary>Runs after each launch passes its probe, before dependents are told it runs.</summary>
    internal virtual Task OnReadyAsync(ResourceContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Tidies one output line for the log; null drops it.</summary>
    internal virtual string? CleanOutputLine(string line) => line;
}
