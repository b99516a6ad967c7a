using System.Globalization;

namespace Platform.Testing;

/// <summary>What /proc says about processes, for tests that prove nothing was left behind.</summary>
public static class ProcessTable
{
    /// <summary>
    /// Whether <paramref name="pid"/> still runs. A zombie does not: it has ended and only awaits reaping (which
    /// never comes when PID 1 does not reap, as in some containers).
    /// </summary>
    public static bool IsRunning(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    /// <summary>Every process below <paramref name="pid"/> in the parent tree, running or not yet reaped.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var child) && Stat(child) is { } stat)
            {
                parents[child] = stat.Parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (child, _) in parents.Where(entry => entry.Value == parent))
            {
                found.Add(child);
                frontier.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The command line of <paramref name="pid"/>, arguments separated by spaces; empty when it is gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static char? State(int pid) => Stat(pid)?.State;

    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            // The command name in parentheses may hold spaces; the fields after its closing parenthesis do not.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
