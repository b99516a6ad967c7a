namespace Platform.AppHost.Servers;

/// <summary>Where a server program of a Debian package is; a missing one stops the AppHost with the package to install.</summary>
public static class ServerProgram
{
    public static string Find(string program, string package, params string[] patterns)
    {
        // The package's own paths first: PATH may hold wrappers that switch user or use system folders.
        var candidates = patterns.SelectMany(Expand).Concat(
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(folder => Path.Combine(folder, program)));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"'{program}' was not found: install the Debian package {package} (scripts/prerequisites.sh does).");
    }

    /// <summary>A path with one '*' folder, such as /usr/lib/postgresql/*/bin/postgres, newest version first.</summary>
    private static IEnumerable<string> Expand(string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return [pattern];
        }

        var parent = Path.GetDirectoryName(pattern[..(star + 1)])!;
        var rest = pattern[(pattern.IndexOf('/', star) + 1)..];
        return Directory.Exists(parent)
            ? Directory.GetDirectories(parent).OrderDescending().Select(folder => Path.Combine(folder, rest))
            : [];
    }
}
