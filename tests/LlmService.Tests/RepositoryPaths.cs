namespace Platform.LlmService.Tests;

/// <summary>The real model the tests run on, found from the repository root (the folder with Platform.sln).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string StoriesModel => Path.GetFullPath(Path.Combine(Root, "..", "shared", "models", "stories260K.gguf"));

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
