namespace Platform.AppHost.Servers;

public static class ReadinessCheckExtensions
{
    /// <summary>
    /// Healthy once <paramref name="probe"/> says so (an exception is a failure). While it fails, the check probes again every 100 ms for up to 5 s
    /// before answering: Aspire checks a resource that has just (re)started at 0, 1, 3, 6 and 10 s, so a service ready
    /// at 1.1 s would be seen healthy only at 3 s; this way it is seen within a tenth of a second.
    /// </summary>
    public static IResourceBuilder<T> WithReadiness<T>(this IResourceBuilder<T> resource, Func<CancellationToken, Task<HealthCheckResult>> probe)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(probe);
        var name = $"{resource.Resource.Name}-ready";
        resource.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(name, async cancellationToken =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (true)
            {
                HealthCheckResult result;
                try
                {
                    result = await probe(cancellationToken);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    result = HealthCheckResult.Unhealthy(exception.Message);
                }

                if (result.Status == HealthStatus.Healthy || DateTime.UtcNow > deadline)
                {
                    return result;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        });
        return resource.WithHealthCheck(name);
    }
}
