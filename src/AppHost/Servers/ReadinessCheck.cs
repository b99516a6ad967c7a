namespace Platform.AppHost.Servers;

/// <summary>
/// A readiness probe that, while it fails, probes again every 100 ms for up to 5 s before reporting Unhealthy. Aspire
/// checks a resource that has just (re)started at 0, 1, 3, 6 and 10 s; a service ready at 1.1 s would be seen healthy
/// only at 3 s. Waiting inside the check sees it within a tenth of a second, which is what a restart after a crash
/// needs.
/// </summary>
internal sealed class ReadinessCheck(Func<CancellationToken, Task<HealthCheckResult>> probe) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var result = await probe(cancellationToken);
            if (result.Status == HealthStatus.Healthy || DateTime.UtcNow + Interval > deadline)
            {
                return result;
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }
}
