using System.Collections.Concurrent;

namespace Platform.AppHost.Processes;

/// <summary>
/// The one thread that forks children. Linux sends the parent-death signal when the thread that forked a child ends,
/// not the process, so forking from pool threads (which retire when idle) would kill healthy children.
/// </summary>
internal static class LaunchThread
{
    private static readonly BlockingCollection<Action> Work = StartThread();

    public static Task<T> RunAsync<T>(Func<T> launch)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Work.Add(() =>
        {
            try
            {
                result.SetResult(launch());
            }
            catch (Exception exception)
            {
                result.SetException(exception);
            }
        });
        return result.Task;
    }

    private static BlockingCollection<Action> StartThread()
    {
        var work = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var item in work.GetConsumingEnumerable())
            {
                item();
            }
        })
        {
            IsBackground = true,
            Name = "child process launcher",
        };
        thread.Start();
        return work;
    }
}
