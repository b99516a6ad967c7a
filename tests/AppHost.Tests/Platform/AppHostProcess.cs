using System.Diagnostics;
using System.Text.RegularExpressions;
using Platform.AppHost.Hosting;
using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;
using Platform.AppHost.Projects;

namespace Platform.AppHost.Tests.Platform;

/// <summary>The AppHost run as ./run.sh runs it, with its own data folder; its console is kept line by line.</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> waiters = [];

    private AppHostProcess(Process process, string dataDirectory)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        process.OutputDataReceived += (_, line) => Add(line.Data);
        process.ErrorDataReceived += (_, line) => Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    public string DataDirectory { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
            {
                return [.. lines];
            }
        }
    }

    public string Output => string.Join(Environment.NewLine, Lines);

    public static AppHostProcess Start(IReadOnlyDictionary<string, string>? environment = null)
    {
        var dotnet = ProgramLocator.FromEnvironment().Find(DotnetHost.Program) ?? throw new InvalidOperationException("No dotnet executable found.");
        var start = new ProcessStartInfo(dotnet, [RepositoryLayout.Locate().ProjectAssembly("AppHost")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var dataDirectory = Directory.CreateTempSubdirectory("apphost-tests-").FullName;
        // Temporary folders are private to their owner; PostgreSQL, run as its own user, must pass through.
        File.SetUnixFileMode(dataDirectory, File.GetUnixFileMode(dataDirectory) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        start.Environment["PLATFORM_DATA_DIR"] = dataDirectory;
        start.Environment["PLATFORM_GATEWAY_PORT"] = "0";
        start.Environment["PLATFORM_DASHBOARD_PORT"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new AppHostProcess(Process.Start(start)!, dataDirectory);
    }

    /// <summary>The first line, seen or still to come, that matches <paramref name="pattern"/>.</summary>
    public Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        lock (lines)
        {
            if (lines.Select(line => pattern.Match(line)).FirstOrDefault(match => match.Success) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((pattern, found));
            return found.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Waits for the whole banner printed once every resource runs and every /health answers 200.</summary>
    public async Task WaitUntilRunningAsync()
    {
        var running = WaitForLineAsync(new Regex("Development API key:"), TimeSpan.FromSeconds(120));
        var ended = process.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (await Task.WhenAny(running, ended) == ended)
        {
            throw new InvalidOperationException($"The AppHost exited with {process.ExitCode} before the platform ran:{Environment.NewLine}{Output}");
        }

        try
        {
            await running;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The platform was not running after 120 s:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>The address and process id the banner lists for <paramref name="resource"/>.</summary>
    public async Task<(string Address, int Pid)> ResourceAsync(string resource)
    {
        var match = await WaitForLineAsync(new Regex($@"\|   {Regex.Escape(resource)} +(\S+(?:, \S+)*) +pid (\d+)$"), TimeSpan.FromSeconds(5));
        // The banner names the first process; after a restart (another test may have killed it) the log names the new one.
        var restarts = Regex.Matches(Output, $@"{Regex.Escape(resource)} is back and healthy \(pid (\d+)\)");
        var pid = restarts.Count > 0 ? restarts[^1].Groups[1].Value : match.Groups[2].Value;
        return (match.Groups[1].Value, int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Signal(Signal signal) => Libc.Kill(process.Id, (int)signal);

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            Signal(Processes.Signal.Terminate);
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<(Match, TaskCompletionSource<Match>)> matched = [];
        lock (lines)
        {
            lines.Add(line);
            foreach (var waiter in waiters.ToList())
            {
                if (waiter.Pattern.Match(line) is { Success: true } match)
                {
                    matched.Add((match, waiter.Found));
                    waiters.Remove(waiter);
                }
            }
        }

        foreach (var (match, found) in matched)
        {
            found.TrySetResult(match);
        }
    }
}
