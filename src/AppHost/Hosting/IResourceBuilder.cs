namespace Platform.AppHost.Hosting;

/// <summary>A resource being declared, for fluent configuration (<c>WithReference</c>, <c>WaitFor</c>, ...).</summary>
public interface IResourceBuilder<out T>
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}
