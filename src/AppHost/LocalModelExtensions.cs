using Platform.AppHost.Hosting;
using Platform.AppHost.Projects;

namespace Platform.AppHost;

public static class LocalModelExtensions
{
    private const string SharedModel = "stories260K.gguf";

    /// <summary>
    /// Points the LLM service at what this machine has: the llama.cpp runtime that scripts/prerequisites.sh installs,
    /// and the model in ../shared/models, since nothing can be downloaded here. Each is passed only when present, so
    /// elsewhere the service falls back to its own defaults.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLocalModel(this IResourceBuilder<ProjectResource> llm)
    {
        ArgumentNullException.ThrowIfNull(llm);
        var root = llm.ApplicationBuilder.Repository.Root;
        var model = Path.GetFullPath(Path.Combine(root, "..", "shared", "models", SharedModel));
        if (File.Exists(model))
        {
            llm.WithEnvironment("Llm__ModelPath", model);
        }

        var runtime = Path.Combine(root, ".tools", "llama", "node_modules", "@node-llama-cpp", "linux-x64", "bins", "linux-x64");
        if (Directory.Exists(runtime))
        {
            llm.WithEnvironment("Llm__NativeLibraryPath", runtime);
        }

        return llm;
    }
}
