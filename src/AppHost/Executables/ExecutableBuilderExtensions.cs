using Platform.AppHost.Hosting;

namespace Platform.AppHost.Executables;

public static class ExecutableBuilderExtensions
{
    /// <summary>Runs <paramref name="command"/> (looked up on PATH) in the resource's own data folder.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(this DistributedApplicationBuilder builder, string name, string command, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddResource(new ExecutableResource(name, command, arguments));
    }
}
