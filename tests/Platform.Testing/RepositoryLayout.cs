namespace Platform.Testing;

/// <summary>Where the repository, its projects and its model are, seen from a test's build output.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>The model every test runs on: the repository's own copy of stories260K.gguf.</summary>
    public static string StoriesModel => Path.Combine(Root, "models", "stories260K.gguf");

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
