namespace Platform.AppHost.Hosting;

/// <summary>The resources an application declares.</summary>
public sealed class DistributedApplicationModel
{
    private readonly List<Resource> resources = [];

    public IReadOnlyList<Resource> Resources => resources;

    public IReadOnlyList<ProcessResource> ProcessResources => [.. resources.OfType<ProcessResource>()];

    internal void Add(Resource resource)
    {
        if (resources.Any(existing => existing.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        resources.Add(resource);
    }
}
