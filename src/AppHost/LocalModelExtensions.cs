using Platform.AppHost.Hosting;
using Platform.AppHost.Projects;

namespace Platform.AppHost;

public static class LocalModelExtensions
{
    private const string SharedModel = "stories260K.gguf";

    /// <summary>
    /// Points the LLM service at the model in ../shared/models, since nothing can be downloaded here; passed only when
    /// present, so elsewhere the service falls back to its own default model.
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

        return llm;
    }
}
