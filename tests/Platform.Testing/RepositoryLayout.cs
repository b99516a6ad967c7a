namespace Platform.Testing;

/// <summary>Where the repository, its projects and its model are, seen from a test's build output.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>The model every test runs on: the repository's own copy of stories260K.gguf.</summary>
    public static string StoriesModel => Path.Combine(Root, "models", "stories260K.gguf");

    /// <summary>The build configuration the caller was built in, so the services it runs are of the same build.</summary>
    public static string Configuration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!)!;

    /// <summary>The built assembly of service <paramref name="project"/>, from the same build configuration.</summary>
    public static string ServiceAssembly(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");

    /// <summary>The .csproj of project <paramref name="projectName"/>, under src/ or tests/.</summary>
    public static string ProjectFile(string projectName) =>
        new[] { "src", "tests" }
            .Select(folder => Path.Combine(Root, folder, projectName, projectName + ".csproj"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"No project '{projectName}' under {Root}/src or {Root}/tests.");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    }
}
