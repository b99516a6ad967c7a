using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>Puts span enrichment and the problem-details exception handler first in every service's pipeline.</summary>
internal sealed class ServiceDefaultsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ServerSpanEnrichmentMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
