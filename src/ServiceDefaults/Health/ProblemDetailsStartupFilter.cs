using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Platform.ServiceDefaults.Health;

/// <summary>Puts the problem-details exception handler first in every service's pipeline, so no stack trace leaves it.</summary>
internal sealed class ProblemDetailsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
