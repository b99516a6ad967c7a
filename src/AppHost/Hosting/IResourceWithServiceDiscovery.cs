namespace Platform.AppHost.Hosting;

/// <summary>A service others reach through <c>services__{Name}__http__0</c>.</summary>
public interface IResourceWithServiceDiscovery
{
    string Name { get; }

    /// <summary>Known once the application has started (ports are chosen at start).</summary>
    Uri HttpUrl { get; }
}
