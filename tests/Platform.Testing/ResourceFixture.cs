using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Platform.AppHost.Restarts;
using Platform.AppHost.Servers;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// A few platform resources for a test, run by Aspire (DCP, no dashboard) with the AppHost's own resource types and
/// restart policy, on free ports, in a throwaway data folder; disposing stops them and deletes the folder. Use as an
/// xunit fixture (<c>IClassFixture&lt;RedisFixture&gt;</c>) or create, <see cref="InitializeAsync"/> and dispose it yourself.
/// </summary>
public abstract class ResourceFixture : IAsyncLifetime
{
    private static readonly string DataRoot = Path.Combine(Path.GetTempPath(), "platform-testing");
    private static readonly Lazy<bool> StaleFoldersRemoved = new(() =>
    {
        StaleDataFolders.Remove(DataRoot);
        return true;
    });

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> output = new();
    private readonly FileStream folderLock;
    private DistributedApplication? application;
    private bool disposed;

    protected ResourceFixture()
    {
        _ = StaleFoldersRemoved.Value;
        DataDirectory = Directory.CreateDirectory(Path.Combine(DataRoot, $"{GetType().Name.ToLowerInvariant()}-{Guid.NewGuid():N}")).FullName;
        folderLock = StaleDataFolders.Lock(DataDirectory);
        // Named after the AppHost, whose assembly says where DCP and the dashboard are: a test project has no such metadata.
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = [],
            AssemblyName = typeof(RestartPolicy).Assembly.GetName().Name,
            DisableDashboard = true,
            AllowUnsecuredTransport = true,
        });
        Builder.Configuration[ServerBuilderExtensions.DataDirectoryKey] = DataDirectory;
        Builder.RestartCrashedResources();
    }

    /// <summary>This fixture's own folder; each server keeps its data in a subfolder named after it.</summary>
    public string DataDirectory { get; }

    public DistributedApplication Application => application ?? throw new InvalidOperationException("The fixture has not been started.");

    /// <summary>Derived fixtures declare their resources on it in their constructors.</summary>
    protected IDistributedApplicationBuilder Builder { get; }

    public async ValueTask InitializeAsync()
    {
        application = Builder.Build();
        try
        {
            await application.StartAsync();
            // Only now do the resources have the names DCP runs them under (name-suffix), which their logs go by; a
            // watch started later still gets what was written before.
            foreach (var resource in Builder.Resources)
            {
                if (application.ResourceNotifications.TryGetCurrentState(resource.Name, out var update))
                {
                    _ = CollectOutputAsync(resource.Name, update.ResourceId);
                }
            }

            foreach (var resource in Builder.Resources.Where(resource => resource is ExecutableResource))
            {
                await application.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name);
            }

            await OnStartedAsync();
        }
        catch
        {
            // Whoever created the fixture may never dispose one that failed to start; nothing it started may outlive it.
            var recent = string.Concat(Builder.Resources.Select(resource => RecentOutput(resource.Name)));
            await DisposeAsync();
            throw new InvalidOperationException($"{GetType().Name} did not start.{Environment.NewLine}{recent}");
        }
    }

    /// <summary>The process a resource runs as now.</summary>
    public int ProcessIdOf(string resource) =>
        LauncherProcessIdOf(resource) ?? throw new InvalidOperationException($"{resource} has no process now.");

    /// <summary>Completes when <paramref name="resource"/> is healthy again in a process other than <paramref name="previousProcessId"/>.</summary>
    public async Task WaitForRestartAsync(string resource, int previousProcessId, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await Application.ResourceNotifications.WaitForResourceAsync(
            resource,
            update => update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && ProcessIdIn(update.Snapshot) is { } pid && pid != previousProcessId && ProcessIdOf(resource) != previousProcessId,
            deadline.Token);
    }

    /// <summary>A resource's last lines of output, for failure messages.</summary>
    public string RecentOutput(string resource, int lines = 30) =>
        output.TryGetValue(resource, out var queue) && !queue.IsEmpty
            ? $"--- last output of {resource} ---{Environment.NewLine}{string.Join(Environment.NewLine, queue.TakeLast(lines))}{Environment.NewLine}"
            : string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (!disposed)
        {
            disposed = true;
            if (application is not null)
            {
                await application.StopAsync();
                await application.DisposeAsync();
            }

            await folderLock.DisposeAsync();
            StaleDataFolders.Delete(DataDirectory);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs once every resource is healthy, before <see cref="InitializeAsync"/> returns.</summary>
    protected virtual Task OnStartedAsync() => Task.CompletedTask;

    /// <summary>The process DCP started for <paramref name="resource"/>.</summary>
    protected int? LauncherProcessIdOf(string resource) =>
        Application.ResourceNotifications.TryGetCurrentState(resource, out var update) ? ProcessIdIn(update.Snapshot) : null;

    private static int? ProcessIdIn(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running
        && snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var pid) ? pid : null;

    private async Task CollectOutputAsync(string resource, string instance)
    {
        var lines = output.GetOrAdd(resource, _ => new ConcurrentQueue<string>());
        var logs = application!.Services.GetService(typeof(ResourceLoggerService)) as ResourceLoggerService;
        if (logs is null)
        {
            return;
        }

        try
        {
            await foreach (var batch in logs.WatchAsync(instance))
            {
                foreach (var line in batch)
                {
                    lines.Enqueue(line.Content);
                    while (lines.Count > 500)
                    {
                        lines.TryDequeue(out _);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The application stopped.
        }
    }
}
