namespace Platform.ServiceDefaults.Grpc.Server;

/// <summary>The services this process serves, so an unknown path can be told apart from an unknown method.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> services = new(StringComparer.Ordinal);

    public bool FallbackMapped { get; set; }

    public void Add(string serviceName)
    {
        lock (services)
        {
            services.Add(serviceName);
        }
    }

    public bool Contains(string serviceName)
    {
        lock (services)
        {
            return services.Contains(serviceName);
        }
    }
}
