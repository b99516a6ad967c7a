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

    /// <summary>The program counts as running only once <paramref name="isReady"/> answers true (a port answers, a file exists).</summary>
    public static IResourceBuilder<ExecutableResource> WithReadinessCheck(
        this IResourceBuilder<ExecutableResource> builder, Func<CancellationToken, Task<bool>> isReady)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ReadinessCheck = isReady;
        return builder;
    }
}
