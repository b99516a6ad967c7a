namespace Platform.AppHost.Servers;

public static class ServerBuilderExtensions
{
    public const string DataDirectoryKey = "PLATFORM_DATA_DIR";

    /// <summary>A server reached through <c>ConnectionStrings__{name}</c>: Aspire's <paramref name="container"/> when published, a local program when run.</summary>
    internal static IResourceBuilder<IResourceWithConnectionString> AddServer<T>(this IDistributedApplicationBuilder builder, string name,
        Func<IDistributedApplicationBuilder, IResourceBuilder<IResourceWithConnectionString>> container, Func<int, string, T> create, Action<IResourceBuilder<T>>? configure = null)
        where T : ServerResource =>
        // Only this lambda touches a container integration, so that a process that never publishes (a test fixture) never loads one.
        builder.ExecutionContext.IsPublishMode ? container(builder) : builder.AddLocalServer(name, create, configure);

    /// <summary>The server <paramref name="create"/> makes from a free loopback port and its data folder, PLATFORM_DATA_DIR/{name}.</summary>
    internal static IResourceBuilder<T> AddLocalServer<T>(
        this IDistributedApplicationBuilder builder, string name, Func<int, string, T> create, Action<IResourceBuilder<T>>? configure = null)
        where T : ServerResource
    {
        var root = builder.Configuration[DataDirectoryKey] ?? throw new InvalidOperationException($"Set '{DataDirectoryKey}' before adding servers.");
        var server = builder.AddResource(create(LoopbackPort.Free(), Directory.CreateDirectory(Path.Combine(root, name)).FullName));
        server.WithEndpoint(name: ServerResource.EndpointName, scheme: "tcp", port: server.Resource.Port, isProxied: false)
            .WithReadiness(server.Resource.ProbeAsync);
        configure?.Invoke(server);
        return server;
    }
}
