namespace Platform.AppHost.Hosting;

/// <summary>A resource others reach through <c>ConnectionStrings__{Name}</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>Known once the application has started (ports are chosen at start).</summary>
    string ConnectionString { get; }
}
