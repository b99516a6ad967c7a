namespace Platform.Load.Platform;

/// <summary>Where the repository's shared model and llama.cpp runtime are, found from this program's build output.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string StoriesModel => Path.GetFullPath(Path.Combine(Root, "..", "shared", "models", "stories260K.gguf"));

    public static string LlamaRuntime => Path.Combine(Root, ".tools", "llama", "node_modules", "@node-llama-cpp", "linux-x64", "bins", "linux-x64");

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
