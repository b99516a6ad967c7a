using System.Diagnostics;
using Platform.AppHost.Executables;
using Platform.AppHost.Hosting;
using Platform.AppHost.Orchestration;
using Platform.Testing;

namespace Platform.AppHost.Tests.Supervision;

public sealed class SupervisionTests
{
    private static readonly RestartPolicy QuickRestarts = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), MaxCrashes: 3, Window: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_resource_that_keeps_crashing_is_reported_failed_instead_of_restarted_forever()
    {
        await using var fixture = new ExecutablesFixture(builder =>
            builder.AddExecutable("crasher", "sh", "-c", "sleep 0.2; exit 3").WithRestartPolicy(QuickRestarts));
        await fixture.InitializeAsync();

        var failed = await fixture.Notifications.WaitForAsync("crasher", snapshot => snapshot.State == ResourceState.Failed, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var history = fixture.Notifications.History("crasher");
        var launched = history.Where(snapshot => snapshot.State == ResourceState.Running).Select(snapshot => snapshot.ProcessId).Distinct().ToList();
        Assert.Equal(QuickRestarts.MaxCrashes, launched.Count);
        Assert.Equal(QuickRestarts.MaxCrashes - 1, failed.Restarts);
        Assert.Same(failed, history[^1]);
        Assert.All(launched, pid => Assert.False(ProcessTable.IsRunning(pid!.Value)));
    }

    [Fact]
    public async Task A_dependent_starts_only_once_what_it_waits_for_runs_and_stops_before_it()
    {
        await using var fixture = new ExecutablesFixture(builder =>
        {
            var store = builder.AddExecutable("store", "sleep", "60");
            var service = builder.AddExecutable("service", "sleep", "60").WaitFor(store);
            builder.AddExecutable("front", "sleep", "60").WaitFor(service);
        });
        await fixture.InitializeAsync();
        await fixture.Application.StopAsync(TestContext.Current.CancellationToken);

        DateTimeOffset Time(string resource, ResourceState state) => fixture.Notifications.History(resource).First(snapshot => snapshot.State == state).At;
        Assert.True(Time("store", ResourceState.Running) <= Time("service", ResourceState.Starting));
        Assert.True(Time("service", ResourceState.Running) <= Time("front", ResourceState.Starting));
        Assert.True(Time("front", ResourceState.Stopped) <= Time("service", ResourceState.Stopping));
        Assert.True(Time("service", ResourceState.Stopped) <= Time("store", ResourceState.Stopping));
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_with_everything_it_started_after_its_grace_period()
    {
        await using var fixture = new ExecutablesFixture(builder => builder
            .AddExecutable("stubborn", "sh", "-c", "trap '' TERM; sleep 60 & wait")
            .WithStopTimeout(TimeSpan.FromMilliseconds(500)));
        await fixture.InitializeAsync();
        var shell = fixture.ProcessIdOf("stubborn");
        Assert.True(await Eventually.TrueAsync(() => ProcessTable.Descendants(shell).Count > 0, TimeSpan.FromSeconds(5)));
        int[] everything = [shell, .. ProcessTable.Descendants(shell)];

        var stopping = Stopwatch.StartNew();
        await fixture.Application.StopAsync(TestContext.Current.CancellationToken);

        Assert.InRange(stopping.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(5));
        Assert.All(everything, pid => Assert.False(ProcessTable.IsRunning(pid), $"pid {pid} ({ProcessTable.CommandLine(pid)}) still runs"));
    }

    [Fact]
    public async Task A_resource_that_cannot_start_fails_the_start_with_its_exit_and_output_after_its_retries()
    {
        await using var fixture = new ExecutablesFixture(builder => builder
            .AddExecutable("broken", "sh", "-c", "echo 'no config file' >&2; sleep 0.1; exit 4")
            .WithReadinessCheck(_ => Task.FromResult(false))
            .WithRestartPolicy(QuickRestarts));

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => fixture.InitializeAsync().AsTask());

        Assert.Contains($"broken exited with exit code 4 before it was ready, {QuickRestarts.MaxCrashes} times", failure.Message, StringComparison.Ordinal);
        Assert.Contains("no config file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_start_whose_probe_never_passes_fails_at_its_startup_timeout_without_retrying()
    {
        await using var fixture = new ExecutablesFixture(builder => builder
            .AddExecutable("never-ready", "sleep", "60")
            .WithReadinessCheck(_ => throw new InvalidOperationException("connection refused"))
            .WithStartupTimeout(TimeSpan.FromSeconds(1)));
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ResourceStartException>(() => fixture.InitializeAsync().AsTask());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Contains("never-ready did not pass its readiness probe within 1 s (last probe: connection refused)", failure.Message, StringComparison.Ordinal);
        Assert.Single(fixture.Notifications.History("never-ready"), snapshot => snapshot.State == ResourceState.Starting && snapshot.ProcessId is not null);
    }

    /// <summary>Programs as resources: supervision without the cost of real servers.</summary>
    private sealed class ExecutablesFixture : ResourceFixture
    {
        public ExecutablesFixture(Action<DistributedApplicationBuilder> declare) => declare(Builder);
    }
}
