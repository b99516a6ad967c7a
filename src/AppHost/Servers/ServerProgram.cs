namespace Platform.AppHost.Servers;

/// <summary>Where a server program of a Debian package is; a missing one stops the AppHost with the package to install.</summary>
public static class ServerProgram
{
    /// <param name="paths">The package's own paths, tried before PATH, which may hold wrappers that switch user or use system folders; one '*' folder (/usr/lib/postgresql/*/bin/postgres) is tried newest version first.</param>
    public static string Find(string program, string package, params string[] paths) =>
        paths.SelectMany(path => path.Split("/*/") is [var parent, var rest] && Directory.Exists(parent)
                ? Directory.GetDirectories(parent).OrderDescending().Select(folder => Path.Combine(folder, rest))
                : [path])
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Select(folder => Path.Combine(folder, program)))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"'{program}' was not found: install the Debian package {package} (scripts/prerequisites.sh does).");
}
