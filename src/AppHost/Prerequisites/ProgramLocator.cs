namespace Platform.AppHost.Prerequisites;

/// <summary>Finds required programs on a search path and at known install locations.</summary>
public sealed class ProgramLocator(string? searchPath)
{
    private readonly string[] directories = (searchPath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    public static ProgramLocator FromEnvironment() => new(Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Every program's path, or one exception naming all that are missing and their packages.</summary>
    public IReadOnlyDictionary<RequiredProgram, string> Resolve(IEnumerable<RequiredProgram> programs)
    {
        ArgumentNullException.ThrowIfNull(programs);
        var found = new Dictionary<RequiredProgram, string>();
        var missing = new List<RequiredProgram>();
        foreach (var program in programs.Distinct())
        {
            if (Find(program) is { } path)
            {
                found[program] = path;
            }
            else
            {
                missing.Add(program);
            }
        }

        return missing.Count == 0 ? found : throw new MissingPrerequisitesException(missing);
    }

    public string? Find(RequiredProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Candidates.Select(FindCandidate).FirstOrDefault(path => path is not null);
    }

    private string? FindCandidate(string candidate)
    {
        if (!Path.IsPathRooted(candidate))
        {
            return directories.Select(directory => Path.Combine(directory, candidate)).FirstOrDefault(IsExecutable);
        }

        var star = candidate.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return IsExecutable(candidate) ? candidate : null;
        }

        var parent = candidate[..star];
        var rest = candidate[(star + 1)..];
        if (!Directory.Exists(parent))
        {
            return null;
        }

        return Directory.EnumerateDirectories(parent)
            .Select(Path.GetFileName)
            .OrderByDescending(version => Version.TryParse(version!.Contains('.', StringComparison.Ordinal) ? version : version + ".0", out var parsed) ? parsed : new Version(0, 0))
            .Select(version => parent + version + rest)
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
