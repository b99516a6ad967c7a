using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Gateway.Tests.Infrastructure;

/// <summary>A process a test started, with its output kept for failure messages and watched line by line.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly ConcurrentQueue<string> output = new();
    private readonly ConcurrentBag<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> watchers = [];

    private ChildProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) => Receive(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public int Id => Process.Id;

    public string Output => string.Join('\n', output);

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return new ChildProcess(Process.Start(start)!);
    }

    /// <summary>Completes with the first output line that matches, whether it came before or after the call.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        watchers.Add((match, seen));
        if (output.FirstOrDefault(match) is { } earlier)
        {
            seen.TrySetResult(earlier);
        }

        return seen.Task.WaitAsync(timeout);
    }

    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        foreach (var (match, seen) in watchers)
        {
            if (!seen.Task.IsCompleted && match(line))
            {
                seen.TrySetResult(line);
            }
        }
    }
}
