namespace Platform.Gateway.Health;

public static class ConcurrentStartExtensions
{
    /// <summary>
    /// Starts the hosted services side by side (the PostgreSQL and Redis round trips of one overlap the other's and
    /// Kestrel's start), with /health unready until all have started. Steps that need another's result await it.
    /// </summary>
    public static IHostApplicationBuilder AddConcurrentStart(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        builder.Services.AddHealthChecks().AddCheck<StartedHealthCheck>("started");
        return builder;
    }
}
