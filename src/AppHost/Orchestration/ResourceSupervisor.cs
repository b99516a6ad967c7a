using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.AppHost.Hosting;
using Platform.AppHost.Ports;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Orchestration;

/// <summary>
/// Keeps one process resource alive: launches it, waits for its readiness probe, restarts it with backoff when it
/// exits unexpectedly, reports it failed when it crashes too often, and stops it gracefully, then by force.
/// </summary>
internal sealed partial class ResourceSupervisor(
    ProcessResource resource,
    ResourceContext context,
    PortAllocator ports,
    ResourceNotifications notifications,
    ILogger logger,
    TimeProvider time) : IDisposable
{
    private const int MaxPortMoves = 3;
    private readonly string outputHint = $"Its output is above, prefixed with '{resource.Name}'.";
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ProbeAttemptTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim launchGate = new(1, 1);
    private readonly Queue<DateTimeOffset> crashes = new();
    private ChildProcess? current;
    private Task watching = Task.CompletedTask;
    private int restarts;
    private int portMoves;
    private string? lastProbeFailure;

    private enum Readiness
    {
        Ready,
        Exited,
        TimedOut,
    }

    public int? ProcessId => current is { HasExited: false } process ? process.Pid : null;

    public void Waiting() => Publish(ResourceState.Waiting);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping.Token);
        var started = Stopwatch.StartNew();
        Publish(ResourceState.Starting);
        ChildProcess process;
        try
        {
            await resource.PrepareAsync(context, linked.Token);
            process = await LaunchUntilReadyAsync(firstStart: true, linked.Token);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or ResourceStartException))
        {
            // Folders it cannot write, a database it cannot create: report them like any other failed start.
            Publish(ResourceState.Failed);
            throw new ResourceStartException($"{resource.Name} could not start: {exception.Message}", exception);
        }

        Publish(ResourceState.Running);
        LogReady(resource.Name, process.Pid, started.Elapsed.TotalSeconds);
        watching = WatchAsync(process);
    }

    public async Task StopAsync(TimeSpan grace)
    {
        await stopping.CancelAsync();
        await launchGate.WaitAsync();
        var process = current;
        launchGate.Release();

        if (process is null || process.HasExited)
        {
            if (process is not null)
            {
                await process.KillGroupAsync();
            }

            Publish(ResourceState.Stopped);
            return;
        }

        Publish(ResourceState.Stopping);
        var stopwatch = Stopwatch.StartNew();
        var graceful = await process.StopAsync(resource.StopSignal, grace);
        await watching;
        Publish(ResourceState.Stopped);
        if (graceful)
        {
            LogStopped(resource.Name, process.Pid, stopwatch.Elapsed.TotalSeconds);
        }
        else
        {
            LogKilled(resource.Name, process.Pid, grace.TotalSeconds);
        }
    }

    public void Dispose()
    {
        current?.Dispose();
        stopping.Dispose();
        launchGate.Dispose();
    }

    private async Task WatchAsync(ChildProcess process)
    {
        while (true)
        {
            var exitCode = await process.Exited;
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            var exitedAt = Stopwatch.StartNew();
            await process.KillGroupAsync();
            var exit = ChildProcess.DescribeExit(exitCode);
            if (!CountCrash())
            {
                Publish(ResourceState.Failed);
                LogGaveUp(resource.Name, process.Pid, exit, resource.RestartPolicy.MaxCrashes, resource.RestartPolicy.Window.TotalSeconds);
                return;
            }

            var delay = resource.RestartPolicy.DelayAfter(crashes.Count);
            LogCrashed(resource.Name, process.Pid, exit, delay.TotalSeconds, crashes.Count, resource.RestartPolicy.MaxCrashes);
            Publish(ResourceState.Restarting);
            try
            {
                await Task.Delay(delay, time, stopping.Token);
                process = await LaunchUntilReadyAsync(firstStart: false, stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Publish(ResourceState.Failed);
                LogRestartFailed(resource.Name, exception.Message);
                return;
            }

            restarts++;
            Publish(ResourceState.Running);
            LogRecovered(resource.Name, process.Pid, exitedAt.Elapsed.TotalSeconds, restarts);
        }
    }

    /// <summary>Launches until one process passes its probe; each early exit or timeout counts as a crash.</summary>
    private async Task<ChildProcess> LaunchUntilReadyAsync(bool firstStart, CancellationToken cancellationToken)
    {
        while (true)
        {
            var process = await LaunchAsync(cancellationToken);
            var readiness = await WaitUntilReadyAsync(process, cancellationToken);
            if (readiness == Readiness.Ready)
            {
                await resource.OnReadyAsync(context, cancellationToken);
                return process;
            }

            await process.StopAsync(Signal.Kill, TimeSpan.Zero);
            if (firstStart && readiness == Readiness.Exited && MovePortsTakenByOthers())
            {
                continue;
            }

            var failure = readiness == Readiness.TimedOut
                ? $"did not pass its readiness probe within {resource.StartupTimeout.TotalSeconds:0} s (last probe: {lastProbeFailure ?? "not ready"})"
                : $"exited with {ChildProcess.DescribeExit(await process.Exited)} before it was ready";
            if (firstStart && readiness == Readiness.TimedOut)
            {
                // A first start that never gets ready is a setup problem that waiting again will not fix.
                Publish(ResourceState.Failed);
                throw new ResourceStartException($"{resource.Name} {failure}. {outputHint}");
            }

            if (!CountCrash())
            {
                Publish(ResourceState.Failed);
                throw new ResourceStartException(
                    $"{resource.Name} {failure}, {crashes.Count} times within {resource.RestartPolicy.Window.TotalSeconds:0} s; not retrying. {outputHint}");
            }

            var delay = resource.RestartPolicy.DelayAfter(crashes.Count);
            LogRetrying(resource.Name, failure, delay.TotalSeconds);
            Publish(ResourceState.Restarting);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<ChildProcess> LaunchAsync(CancellationToken cancellationToken)
    {
        await launchGate.WaitAsync(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var spec = resource.CreateProcess(context);
            var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal);
            foreach (var (name, value) in resource.Environment)
            {
                environment[name] = value();
            }

            current?.Dispose();
            current = await context.Launcher.StartAsync(spec with { Environment = environment }, context.OnLine);
            Publish(current.Pid, restarts == 0 && crashes.Count == 0 ? ResourceState.Starting : ResourceState.Restarting);
            return current;
        }
        finally
        {
            launchGate.Release();
        }
    }

    private async Task<Readiness> WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(resource.StartupTimeout);
        lastProbeFailure = null;
        try
        {
            while (!process.HasExited)
            {
                if (await ProbeAsync(process, deadline.Token))
                {
                    return process.HasExited ? Readiness.Exited : Readiness.Ready;
                }

                await Task.WhenAny(process.Exited, Task.Delay(ProbeInterval, time, deadline.Token));
                deadline.Token.ThrowIfCancellationRequested();
            }

            return Readiness.Exited;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return process.HasExited ? Readiness.Exited : Readiness.TimedOut;
        }
    }

    /// <summary>
    /// One probe attempt, cut short after a while or when the process exits: until our process binds its port,
    /// another program may hold it and accept the probe's connection without ever answering.
    /// </summary>
    private async Task<bool> ProbeAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(ProbeAttemptTimeout);
        // Through Task.Run, a probe that throws before its first await fails the task like any other.
        var probe = Task.Run(() => resource.IsReadyAsync(context, attempt.Token), attempt.Token);
        if (await Task.WhenAny(probe, process.Exited) != probe)
        {
            await attempt.CancelAsync();
        }

        try
        {
            var ready = await probe;
            lastProbeFailure = ready ? null : "not ready";
            return ready;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            lastProbeFailure = process.HasExited ? "the process exited" : $"no answer within {ProbeAttemptTimeout.TotalSeconds:0} s";
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Not ready yet: refused connections and half-started servers are what a probe sees while waiting.
            lastProbeFailure = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// A port chosen at start can be taken by another program before the resource binds it; on a first start nobody
    /// has been told the port yet, so the resource moves to another instead of failing.
    /// </summary>
    private bool MovePortsTakenByOthers()
    {
        if (portMoves >= MaxPortMoves)
        {
            return false;
        }

        var moved = false;
        foreach (var endpoint in resource.Endpoints.Where(endpoint => !PortAllocator.IsFree(endpoint.Port)))
        {
            var taken = endpoint.Port;
            endpoint.Assign(ports.Reserve().Port);
            LogPortMoved(resource.Name, taken, endpoint.Port);
            moved = true;
        }

        portMoves += moved ? 1 : 0;
        return moved;
    }

    /// <summary>Records a crash; false when the policy's limit of crashes within its window is exceeded.</summary>
    private bool CountCrash()
    {
        var now = time.GetUtcNow();
        crashes.Enqueue(now);
        while (crashes.Count > 0 && now - crashes.Peek() > resource.RestartPolicy.Window)
        {
            crashes.Dequeue();
        }

        return crashes.Count < resource.RestartPolicy.MaxCrashes;
    }

    private void Publish(ResourceState state) => Publish(ProcessId, state);

    private void Publish(int? processId, ResourceState state) =>
        notifications.Publish(new ResourceSnapshot(resource.Name, state, processId, restarts, time.GetUtcNow()));

    [LoggerMessage(LogLevel.Information, "{Resource} is ready (pid {Pid}, {Seconds:0.00} s)")]
    private partial void LogReady(string resource, int pid, double seconds);

    [LoggerMessage(LogLevel.Warning, "{Resource} (pid {Pid}) exited unexpectedly with {Exit}; restarting in {Delay:0.00} s (crash {Crashes}; gives up at {MaxCrashes} within the restart window)")]
    private partial void LogCrashed(string resource, int pid, string exit, double delay, int crashes, int maxCrashes);

    [LoggerMessage(LogLevel.Information, "{Resource} is back and healthy (pid {Pid}), {Seconds:0.00} s after it exited (restart {Restarts})")]
    private partial void LogRecovered(string resource, int pid, double seconds, int restarts);

    [LoggerMessage(LogLevel.Error, "{Resource} (pid {Pid}) exited with {Exit}: {MaxCrashes} crashes within {Window:0} s, so it is not restarted again")]
    private partial void LogGaveUp(string resource, int pid, string exit, int maxCrashes, double window);

    [LoggerMessage(LogLevel.Error, "{Resource} could not be restarted: {Reason}")]
    private partial void LogRestartFailed(string resource, string reason);

    [LoggerMessage(LogLevel.Warning, "{Resource} {Failure}; trying again in {Delay:0.00} s")]
    private partial void LogRetrying(string resource, string failure, double delay);

    [LoggerMessage(LogLevel.Warning, "{Resource}: port {Taken} was taken by another program; using port {Port} instead")]
    private partial void LogPortMoved(string resource, int taken, int port);

    [LoggerMessage(LogLevel.Information, "{Resource} stopped (pid {Pid}, {Seconds:0.00} s)")]
    private partial void LogStopped(string resource, int pid, double seconds);

    [LoggerMessage(LogLevel.Warning, "{Resource} (pid {Pid}) did not stop within {Grace:0.0} s; killed it and its process group")]
    private partial void LogKilled(string resource, int pid, double grace);
}
