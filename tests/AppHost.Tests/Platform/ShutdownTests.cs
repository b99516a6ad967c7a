using System.Diagnostics;
using Platform.Testing;

namespace Platform.AppHost.Tests.Platform;

/// <summary>The AppHost as ./run.sh execs it: SIGTERM ends every process it started, DCP's own included.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SigtermEndsTheAppHostAndEveryProcessItStartedWithinTenSeconds()
    {
        var data = Directory.CreateTempSubdirectory("platform-apphost-shutdown-").FullName;
        File.SetUnixFileMode(data, (UnixFileMode)0b111_101_101);
        var start = new ProcessStartInfo(AppHostProgram.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryLayout.Root,
            Environment =
            {
                ["PLATFORM_DATA_DIR"] = data,
                ["PLATFORM_GATEWAY_PORT"] = "0",
                ["PLATFORM_DASHBOARD_PORT"] = "0",
            },
        };
        using var appHost = Process.Start(start)!;
        try
        {
            var running = new TaskCompletionSource();
            appHost.OutputDataReceived += (_, line) =>
            {
                if (line.Data?.Contains("Platform is running", StringComparison.Ordinal) == true)
                {
                    running.TrySetResult();
                }
            };
            appHost.BeginOutputReadLine();
            appHost.BeginErrorReadLine();
            await running.Task.WaitAsync(StartTimeout, TestContext.Current.CancellationToken);
            var started = ProcessTable.Descendants(appHost.Id).Concat(Orchestrators(appHost.Id).SelectMany(dcp => ProcessTable.Descendants(dcp).Append(dcp))).ToHashSet();
            Assert.True(started.Count >= 10, $"only {started.Count} processes below the AppHost and its DCP");

            var clock = Stopwatch.StartNew();
            await ProcessSignal.SendAsync(appHost.Id, "TERM");
            await appHost.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            while (started.Any(ProcessTable.IsRunning) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }

            var left = started.Where(ProcessTable.IsRunning).Select(pid => $"{pid} {ProcessTable.CommandLine(pid)}").ToList();
            Assert.True(left.Count == 0, $"still running {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM: {string.Join("; ", left)}");
            TestContext.Current.TestOutputHelper?.WriteLine($"{started.Count} processes, all gone {clock.Elapsed.TotalSeconds:0.00} s after SIGTERM");
        }
        finally
        {
            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>DCP detaches from the AppHost (its parent is PID 1) and watches it by the PID on its command line.</summary>
    private static IEnumerable<int> Orchestrators(int appHost) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessTable.CommandLine(pid) is var command && command.Contains("/dcp ", StringComparison.Ordinal)
                && command.Contains($"--monitor {appHost} ", StringComparison.Ordinal));
}
