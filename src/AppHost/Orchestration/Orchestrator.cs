using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Hosting;
using Platform.AppHost.Logging;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Orchestration;

/// <summary>
/// Starts every resource once the resources it waits for run (independent ones in parallel) and stops them in
/// reverse order: a resource stops only after everything that waits for it has stopped.
/// </summary>
internal sealed partial class Orchestrator(
    DistributedApplicationModel model,
    DistributedApplicationOptions options,
    RepositoryLayout repository,
    ResourceNotifications notifications,
    ResourceLogs logs,
    ILoggerFactory loggerFactory,
    TimeProvider time) : IHostedService, IAsyncDisposable
{
    private static readonly RequiredProgram Setsid = new("setsid", "util-linux");
    private static readonly RequiredProgram Setpriv = new("setpriv", "util-linux");

    private readonly ILogger logger = loggerFactory.CreateLogger("apphost");
    private readonly Dictionary<ProcessResource, ResourceSupervisor> supervisors = [];
    private readonly Lock stopGate = new();
    private DataDirectoryLock? dataLock;
    private Task? stopping;
    private bool disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var resources = model.ProcessResources;
        ThrowOnDependencyCycle(resources);
        var programs = new ProgramLocator(options.ProgramSearchPath ?? Environment.GetEnvironmentVariable("PATH"))
            .Resolve(resources.SelectMany(resource => resource.RequiredPrograms).Append(Setsid).Append(Setpriv));

        var dataDirectory = options.DataDirectory ?? Path.Combine(repository.Root, ".artifacts", "apphost");
        dataLock = DataDirectoryLock.Acquire(dataDirectory);
        var launcher = new ProcessLauncher(programs[Setsid], programs[Setpriv]);
        AllocatePorts(resources);

        foreach (var resource in resources)
        {
            var output = loggerFactory.CreateLogger(resource.Name);
            var context = new ResourceContext
            {
                DataDirectory = Path.Combine(dataDirectory, resource.Name),
                DisposableData = options.DisposableData,
                Launcher = launcher,
                Repository = repository,
                Programs = programs,
                OnLine = (line, isError) =>
                {
                    if (resource.CleanOutputLine(line) is { } cleaned)
                    {
                        logs.Append(resource.Name, cleaned, isError);
                        LogOutput(output, cleaned);
                    }
                },
            };
            Directory.CreateDirectory(context.DataDirectory);
            var supervisor = new ResourceSupervisor(resource, context, options.Ports, notifications, logger, time);
            supervisors[resource] = supervisor;
            supervisor.Waiting();
        }

        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var starts = new Dictionary<ProcessResource, Task>();
        Task StartWhenDependenciesRun(ProcessResource resource)
        {
            if (!starts.TryGetValue(resource, out var start))
            {
                var dependencies = resource.Dependencies.Select(dependency => StartWhenDependenciesRun(dependency.ReadinessOwner)).ToList();
                start = starts[resource] = StartAfterAsync(dependencies, supervisors[resource], failFast);
            }

            return start;
        }

        var all = resources.Select(StartWhenDependenciesRun).ToList();
        try
        {
            await Task.WhenAll(all);
        }
        catch
        {
            await StopAllAsync();
            throw all.Select(task => task.Exception?.InnerException).FirstOrDefault(exception => exception is not null and not OperationCanceledException)
                ?? new OperationCanceledException("Stopped before every resource was running.", cancellationToken);
        }

        LogAllRunning(resources.Count, started.Elapsed.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopAllAsync();

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await StopAllAsync();
        foreach (var supervisor in supervisors.Values)
        {
            supervisor.Dispose();
        }

        foreach (var endpoint in supervisors.Keys.SelectMany(resource => resource.Endpoints).Where(endpoint => endpoint.IsAllocated))
        {
            options.Ports.Release(endpoint.Port);
        }

        dataLock?.Dispose();
    }

    private static async Task StartAfterAsync(List<Task> dependencies, ResourceSupervisor supervisor, CancellationTokenSource failFast)
    {
        try
        {
            await Task.WhenAll(dependencies);
            await supervisor.StartAsync(failFast.Token);
        }
        catch
        {
            await failFast.CancelAsync();
            throw;
        }
    }

    private Task StopAllAsync()
    {
        lock (stopGate)
        {
            return stopping ??= StopInReverseOrderAsync();
        }
    }

    private async Task StopInReverseOrderAsync()
    {
        if (supervisors.Count == 0)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        var deadline = time.GetUtcNow() + options.ShutdownTimeout;
        var dependents = supervisors.Keys.ToDictionary(
            resource => resource,
            resource => supervisors.Keys.Where(other => other.Dependencies.Any(dependency => dependency.ReadinessOwner == resource)).ToList());
        var stops = new Dictionary<ProcessResource, Task>();
        Task StopAfterDependents(ProcessResource resource)
        {
            if (!stops.TryGetValue(resource, out var stop))
            {
                var before = dependents[resource].Select(StopAfterDependents).ToList();
                stop = stops[resource] = StopAfterAsync(before, resource);
            }

            return stop;
        }

        async Task StopAfterAsync(List<Task> before, ProcessResource resource)
        {
            await Task.WhenAll(before);
            var left = deadline - time.GetUtcNow();
            var grace = left < resource.StopTimeout ? left : resource.StopTimeout;
            await supervisors[resource].StopAsync(grace < TimeSpan.Zero ? TimeSpan.Zero : grace);
        }

        await Task.WhenAll(supervisors.Keys.Select(StopAfterDependents));
        LogAllStopped(stopwatch.Elapsed.TotalSeconds);
    }

    private void AllocatePorts(IEnumerable<ProcessResource> resources)
    {
        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Endpoints)
            {
                var reservation = options.Ports.Reserve(endpoint.PreferredPort);
                endpoint.Assign(reservation.Port);
                if (reservation.PreferredWasTaken)
                {
                    LogPreferredPortTaken(resource.Name, endpoint.PreferredPort ?? 0, reservation.Port);
                }
            }
        }
    }

    private static void ThrowOnDependencyCycle(IReadOnlyList<ProcessResource> resources)
    {
        var done = new HashSet<ProcessResource>();
        void Visit(ProcessResource resource, List<ProcessResource> path)
        {
            if (path.Contains(resource))
            {
                throw new InvalidOperationException($"WaitFor forms a cycle: {string.Join(" -> ", path.Append(resource))}.");
            }

            if (done.Add(resource))
            {
                path.Add(resource);
                foreach (var dependency in resource.Dependencies)
                {
                    Visit(dependency.ReadinessOwner, path);
                }

                path.RemoveAt(path.Count - 1);
            }
        }

        foreach (var resource in resources)
        {
            Visit(resource, []);
        }
    }

    [LoggerMessage(LogLevel.Information, "{Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(LogLevel.Warning, "{Resource}: port {Preferred} is in use by another program; using port {Port} instead")]
    private partial void LogPreferredPortTaken(string resource, int preferred, int port);

    [LoggerMessage(LogLevel.Information, "all {Count} resources are running ({Seconds:0.00} s)")]
    private partial void LogAllRunning(int count, double seconds);

    [LoggerMessage(LogLevel.Information, "every resource has stopped ({Seconds:0.00} s)")]
    private partial void LogAllStopped(double seconds);
}
