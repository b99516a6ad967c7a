namespace Platform.AppHost.Servers;

public static class ReadinessCheckExtensions
{
    /// <summary>Healthy once <paramref name="probe"/> says so. Aspire checks a (re)started resource at 0, 1, 3, 6 and 10 s; probing every 100 ms for up to 5 s per check sees it ready within 0.1 s.</summary>
    public static IResourceBuilder<T> WithReadiness<T>(this IResourceBuilder<T> resource, Func<CancellationToken, Task<HealthCheckResult>> probe)
        where T : IResource
    {
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
