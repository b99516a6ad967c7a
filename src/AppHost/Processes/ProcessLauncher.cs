using System.Diagnostics;

namespace Platform.AppHost.Processes;

/// <summary>
/// Starts children the way the AppHost and the test fixtures both need: each in its own session, so a terminal's
/// Ctrl+C reaches only the AppHost (which then stops children in order) and a whole process group can be ended at
/// once; and with a parent-death signal, so a child never outlives an AppHost that was killed outright.
/// </summary>
public sealed class ProcessLauncher(string setsidPath, string setprivPath)
{
    public async Task<ChildProcess> StartAsync(ProcessSpec spec, Action<string, bool> onLine)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onLine);

        var start = new ProcessStartInfo(setsidPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };
        start.ArgumentList.Add(setprivPath);
        if (spec.RunAsUser is { } user)
        {
            start.ArgumentList.Add($"--reuid={user}");
            start.ArgumentList.Add($"--regid={user}");
            start.ArgumentList.Add("--init-groups");
        }

        start.ArgumentList.Add("--pdeathsig=KILL");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(spec.Executable);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        var process = await LaunchThread.RunAsync(() => Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {spec.Executable}."));
        return new ChildProcess(process, onLine);
    }
}
