using System.Text;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// A few platform resources for a test, started by the AppHost's own launchers and supervisors on free ports, in a
/// throwaway data folder of their own; disposing stops them and deletes the folder. Use as an xunit fixture
/// (<c>IClassFixture&lt;RedisFixture&gt;</c>) or create, <see cref="InitializeAsync"/> and dispose it yourself.
/// </summary>
public abstract class ResourceFixture : IAsyncLifetime
{
    private static readonly string DataRoot = Path.Combine(Path.GetTempPath(), "platform-testing");
    private static readonly Lazy<bool> StaleFoldersRemoved = new(() =>
    {
        StaleDataFolders.Remove(DataRoot);
        return true;
    });

    private DistributedApplication? application;
    private bool disposed;

    protected ResourceFixture(string? programSearchPath = null)
    {
        _ = StaleFoldersRemoved.Value;
        DataDirectory = Path.Combine(DataRoot, $"{GetType().Name.ToLowerInvariant()}-{Guid.NewGuid():N}");
        Builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            DataDirectory = DataDirectory,
            DisposableData = true,
            UseConsoleAndConfiguration = false,
            StopOnProcessSignals = false,
            ProgramSearchPath = programSearchPath,
        });
    }

    /// <summary>This fixture's own folder; each resource keeps its data in a subfolder named after it.</summary>
    public string DataDirectory { get; }

    public DistributedApplication Application => application ?? throw new InvalidOperationException("The fixture has not been started.");

    /// <summary>Every resource's states, also after a failed start or disposal.</summary>
    public ResourceNotifications Notifications => Application.ResourceNotifications;

    /// <summary>Derived fixtures declare their resources on it in their constructors.</summary>
    protected DistributedApplicationBuilder Builder { get; }

    public async ValueTask InitializeAsync()
    {
        application = Builder.Build();
        try
        {
            await application.StartAsync();
        }
        catch (Exception exception)
        {
            // Whoever created the fixture may never dispose one that failed to start; nothing it started may outlive it.
            var output = Builder.Model.Resources.Aggregate(new StringBuilder(), (text, resource) => text.Append(RecentOutput(resource.Name)));
            await DisposeAsync();
            if (exception is ResourceStartException)
            {
                throw new ResourceStartException($"{exception.Message}{Environment.NewLine}{output}");
            }

            throw;
        }
    }

    /// <summary>The process a resource runs as now.</summary>
    public int ProcessIdOf(string resource) =>
        Notifications.Current(resource)?.ProcessId ?? throw new InvalidOperationException($"{resource} has no process now.");

    /// <summary>Completes when <paramref name="resource"/> runs again in a process other than <paramref name="previousProcessId"/>.</summary>
    public Task<ResourceSnapshot> WaitForRestartAsync(string resource, int previousProcessId, TimeSpan timeout) =>
        Notifications.WaitForAsync(
            resource,
            snapshot => snapshot.State == ResourceState.Running && snapshot.ProcessId is { } pid && pid != previousProcessId,
            CancellationToken.None).WaitAsync(timeout);

    /// <summary>A resource's last lines of output, for failure messages.</summary>
    public string RecentOutput(string resource, int lines = 30)
    {
        var tail = application?.ResourceLogs.Tail(resource, lines) ?? [];
        return tail.Count == 0
            ? string.Empty
            : $"--- last output of {resource} ---{Environment.NewLine}{string.Join(Environment.NewLine, tail.Select(line => line.Text))}{Environment.NewLine}";
    }

    public async ValueTask DisposeAsync()
    {
        if (application is not null && !disposed)
        {
            disposed = true;
            await application.StopAsync();
            await application.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
