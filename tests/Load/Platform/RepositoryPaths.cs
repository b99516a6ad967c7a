namespace Platform.Load.Platform;

/// <summary>Where the repository's shared model is, found from this program's build output.</summary>
internal static class RepositoryPaths
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

        throw new InvalidOperationException("Platform.sln not found above the load tool's build output.");
    }
}
