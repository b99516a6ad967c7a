using System.Diagnostics;

namespace Platform.AppHost.Processes;

/// <summary>
/// One running child, leader of its own process group: its output arrives line by line, its exit is a task, and
/// ending it ends everything it started.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GroupPollInterval = TimeSpan.FromMilliseconds(10);

    private readonly Process process;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal ChildProcess(Process process, Action<string, bool> onLine)
    {
        this.process = process;
        Pid = process.Id;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                onLine(line.Data, false);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                onLine(line.Data, true);
            }
        };
        // The exit is taken from the reaped status, not from the end of output: a grandchild may hold the pipes open.
        process.Exited += (_, _) => exited.TrySetResult(process.ExitCode);
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (process.HasExited)
        {
            exited.TrySetResult(process.ExitCode);
        }
    }

    public int Pid { get; }

    /// <summary>Completes with the exit code when the process has ended (128 + the signal number when a signal ended it).</summary>
    public Task<int> Exited => exited.Task;

    public bool HasExited => exited.Task.IsCompleted;

    public void Signal(Signal signal)
    {
        if (!HasExited)
        {
            Libc.Kill(Pid, (int)signal);
        }
    }

    /// <summary>Kills the process and whatever it started, which all share its process group.</summary>
    public void KillGroup() => Libc.Kill(-Pid, (int)Processes.Signal.Kill);

    /// <summary>Kills the process group and waits until none of its members runs, so nothing outlives a stop.</summary>
    public async Task KillGroupAsync()
    {
        KillGroup();
        var waited = Stopwatch.StartNew();
        while (ProcessGroup.HasRunningMembers(Pid) && waited.Elapsed < ReapTimeout)
        {
            // The kernel offers no event for the end of a process that is not our child: poll briefly.
            await Task.Delay(GroupPollInterval);
        }
    }

    /// <summary>Asks the process to stop with <paramref name="signal"/>, then kills its group after <paramref name="grace"/>.</summary>
    /// <returns>Whether it stopped within the grace period.</returns>
    public async Task<bool> StopAsync(Signal signal, TimeSpan grace)
    {
        Signal(signal);
        var graceful = await Exited.WaitAsync(grace).ContinueWith(wait => wait.IsCompletedSuccessfully, TaskScheduler.Default);
        await KillGroupAsync();
        await Exited.WaitAsync(ReapTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
        return graceful;
    }

    public static string DescribeExit(int exitCode) => exitCode switch
    {
        > 128 and < 160 => $"signal {exitCode - 128}{SignalName(exitCode - 128)}",
        _ => $"exit code {exitCode}",
    };

    public void Dispose()
    {
        KillGroup();
        process.Dispose();
    }

    private static string SignalName(int signal) => signal switch
    {
        (int)Processes.Signal.Interrupt => " (SIGINT)",
        6 => " (SIGABRT)",
        (int)Processes.Signal.Kill => " (SIGKILL)",
        11 => " (SIGSEGV)",
        (int)Processes.Signal.Terminate => " (SIGTERM)",
        _ => string.Empty,
    };
}
