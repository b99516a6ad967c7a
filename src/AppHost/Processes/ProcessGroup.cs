using System.Globalization;

namespace Platform.AppHost.Processes;

/// <summary>What /proc says about a process group.</summary>
internal static class ProcessGroup
{
    /// <summary>
    /// Whether any process of group <paramref name="groupId"/> still runs. Zombies do not count: they have ended and
    /// only wait to be reaped, which never happens where PID 1 does not reap.
    /// </summary>
    public static bool HasRunningMembers(int groupId)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            // Fields after the command name (which may hold spaces): state, parent, process group, ...
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[2] == groupId.ToString(CultureInfo.InvariantCulture) && fields[0] is not ("Z" or "X"))
            {
                return true;
            }
        }

        return false;
    }
}
