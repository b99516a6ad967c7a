using System.Globalization;

namespace Platform.AppHost.Hosting;

/// <summary>Wiring between resources, in the Aspire conventions the services read.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Gives the resource <c>ConnectionStrings__{source}</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var referenced = source.Resource;
        return builder.WithEnvironment($"ConnectionStrings__{referenced.Name}", () => referenced.ConnectionString);
    }

    /// <summary>Gives the resource <c>services__{service}__http__0</c>.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> service)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(service);
        var referenced = service.Resource;
        return builder.WithEnvironment(
            $"services__{referenced.Name}__http__0",
            () => referenced.HttpUrl.ToString().TrimEnd('/'));
    }

    /// <summary>Starts the resource only once <paramref name="dependency"/> runs; stops it before the dependency.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        builder.Resource.Dependencies.Add(dependency.Resource);
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : ProcessResource =>
        builder.WithEnvironment(name, () => value);

    /// <summary>Sets a variable whose value is read at each launch (a port, a connection string).</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, Func<string> value)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Resource.Environment[name] = value;
        return builder;
    }

    public static IResourceBuilder<T> WithRestartPolicy<T>(this IResourceBuilder<T> builder, RestartPolicy policy)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.RestartPolicy = policy;
        return builder;
    }

    public static IResourceBuilder<T> WithStartupTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.StartupTimeout = timeout;
        return builder;
    }

    /// <summary>How long a graceful stop may take before the resource's process group is killed.</summary>
    public static IResourceBuilder<T> WithStopTimeout<T>(this IResourceBuilder<T> builder, TimeSpan timeout)
        where T : ProcessResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.StopTimeout = timeout;
        return builder;
    }

    internal static string Invariant(this int value) => value.ToString(CultureInfo.InvariantCulture);
}
