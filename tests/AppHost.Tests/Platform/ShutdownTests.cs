using System.Diagnostics;
using Platform.AppHost.Processes;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

public sealed class ShutdownTests
{
    [Theory]
    [InlineData(Signal.Interrupt)]
    [InlineData(Signal.Terminate)]
    public async Task Ctrl_C_or_SIGTERM_ends_every_child_process_within_15_seconds_dependents_first(Signal signal)
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilRunningAsync();
        var children = ProcessTable.Descendants(appHost.Pid);
        foreach (var resource in new[] { "redis", "messaging-epmd", "messaging", "postgres", "llm", "stt", "tts", "gateway" })
        {
            Assert.Contains((await appHost.ResourceAsync(resource)).Pid, children);
        }

        var clock = Stopwatch.StartNew();
        appHost.Signal(signal);
        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var allGone = await Eventually.TrueAsync(() => !children.Any(ProcessTable.IsRunning), TimeSpan.FromSeconds(15) - clock.Elapsed);
        clock.Stop();

        TestContext.Current.TestOutputHelper?.WriteLine($"{signal}: {children.Count} child processes gone in {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.True(allGone, $"still running: {string.Join(", ", children.Where(ProcessTable.IsRunning).Select(pid => $"{pid} {ProcessTable.CommandLine(pid)}"))}");
        Assert.Equal(0, exitCode);
        var output = appHost.Lines;
        int StoppedAt(string resource) => output.ToList().FindIndex(line => line.Contains($"| {resource} stopped", StringComparison.Ordinal));
        Assert.All(new[] { "redis", "messaging", "postgres", "llm", "stt", "tts" }, resource => Assert.True(StoppedAt("gateway") < StoppedAt(resource), $"{resource} stopped before the gateway"));
        Assert.True(StoppedAt("llm") < StoppedAt("messaging"), "messaging stopped before llm");
        Assert.True(StoppedAt("messaging") < StoppedAt("messaging-epmd"), "epmd stopped before messaging");
    }

    [Fact]
    public async Task No_child_process_outlives_an_AppHost_that_is_killed_outright()
    {
        await using var appHost = AppHostProcess.Start();
        await appHost.WaitUntilRunningAsync();
        var children = ProcessTable.Descendants(appHost.Pid);

        appHost.Signal(Signal.Kill);

        var allGone = await Eventually.TrueAsync(() => !children.Any(ProcessTable.IsRunning), TimeSpan.FromSeconds(10));
        var survivors = children.Where(ProcessTable.IsRunning).Select(pid => $"{pid} {ProcessTable.CommandLine(pid)}").ToList();
        foreach (var survivor in children.Where(ProcessTable.IsRunning))
        {
            Libc.Kill(survivor, (int)Signal.Kill);
        }

        Assert.True(allGone, $"still running: {string.Join(", ", survivors)}");
    }
}
