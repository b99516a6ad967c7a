namespace Aspire.Hosting;

public static class ServiceReplicasExtensions
{
    /// <summary>
    /// <paramref name="count"/> processes of one service as resources of their own, <c>name</c>, <c>name-2</c>, ...:
    /// each in the dashboard with its own health check and restarts. Aspire's <c>WithReplicas</c> would put one DCP
    /// proxy in front of them all, and a caller balancing over replicas would see one address.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddProjectReplicas<TProject>(
        this IDistributedApplicationBuilder builder, string name, int count, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new()
    {
        var replicas = Enumerable.Range(1, count).Select(replica => configure(builder.AddProject<TProject>(replica == 1 ? name : $"{name}-{replica}"))).ToList();
        if (count > 1 && !builder.ExecutionContext.IsPublishMode)
        {
            // DCP's proxy in front of a dead process accepts a request and holds it until the restart (10 s at load
            // 50): a caller with another replica to go to is better refused at once, so each listens on its own fixed port.
            replicas.ForEach(replica => replica.WithEndpoint("http", endpoint =>
            {
                endpoint.IsProxied = false;
                endpoint.Port = endpoint.TargetPort = LoopbackPort.Free();
            }, createIfNotExists: false));
        }

        return replicas;
    }

    /// <summary>
    /// Every replica under the first one's service-discovery name (<c>services__llm__http__0</c>, <c>__1</c>, ...), so
    /// the caller's resolvers see each as an address of the one service.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> caller, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
    {
        caller.WithReference(replicas[0]);
        foreach (var (replica, index) in replicas.Select((replica, index) => (replica, index)).Skip(1))
        {
            caller.WithEnvironment($"services__{replicas[0].Resource.Name}__http__{index}", replica.GetEndpoint("http"))
                .WithReferenceRelationship(replica.Resource);
        }

        return caller;
    }

    public static IResourceBuilder<ProjectResource> WaitFor(this IResourceBuilder<ProjectResource> caller, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
    {
        foreach (var replica in replicas)
        {
            caller.WaitFor(replica);
        }

        return caller;
    }
}
