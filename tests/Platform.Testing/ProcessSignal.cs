using System.Diagnostics;
using System.Globalization;

namespace Platform.Testing;

/// <summary>Sends a POSIX signal by name (<c>TERM</c>, <c>STOP</c>, <c>CONT</c>) as <c>kill</c> does, for tests that stop, freeze or thaw a server.</summary>
public static class ProcessSignal
{
    /// <summary>Signals one process; true when <c>kill</c> reached it.</summary>
    public static async Task<bool> SendAsync(int pid, string signal) =>
        await KillAsync(signal, pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>Signals the process group <paramref name="pid"/> leads, or the process alone when it leads none.</summary>
    public static async Task SendToGroupAsync(int pid, string signal)
    {
        if (!await KillAsync(signal, "--", $"-{pid}"))
        {
            await SendAsync(pid, signal);
        }
    }

    /// <summary>Sends SIGTERM and waits (at most <paramref name="wait"/>) for the process to exit; how long it took.</summary>
    public static async Task<TimeSpan> TerminateAsync(int pid, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var process = Process.GetProcessById(pid);
        var signalled = Stopwatch.GetTimestamp();
        if (!await SendAsync(pid, "TERM"))
        {
            throw new InvalidOperationException($"Process {pid} could not be signalled.");
        }

        await process.WaitForExitAsync(cancellationToken).WaitAsync(wait, cancellationToken);
        return Stopwatch.GetElapsedTime(signalled);
    }

    private static async Task<bool> KillAsync(string signal, params string[] targets)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", .. targets]) { RedirectStandardError = true })!;
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }
}
