namespace Platform.AppHost.Servers;

public static class ReadinessCheckExtensions
{
    /// <summary>Healthy once <paramref name="probe"/> says so, seen within a tenth of a second (<see cref="ReadinessCheck"/>).</summary>
    public static IResourceBuilder<T> WithReadiness<T>(this IResourceBuilder<T> resource, Func<CancellationToken, Task<HealthCheckResult>> probe)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        var name = $"{resource.Resource.Name}-ready";
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(name, new ReadinessCheck(probe), failureStatus: null, tags: null));
        return resource.WithHealthCheck(name);
    }
}
