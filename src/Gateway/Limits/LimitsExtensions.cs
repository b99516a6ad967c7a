using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Platform.Gateway.Limits;

public static class LimitsExtensions
{
    /// <summary>Body size, per-user rate and concurrent turns, and CORS.</summary>
    public static IHostApplicationBuilder AddLimits(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<LimitsOptions>(LimitsOptions.SectionName);
        var configured = builder.Configuration.GetSection(LimitsOptions.SectionName).Get<LimitsOptions>() ?? new LimitsOptions();
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = configured.MaxBodyBytes);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserLimiter>();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(configured.AllowedOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .AllowCredentials()
            .WithExposedHeaders("X-Turn-Id", "Retry-After")));
        return builder;
    }

    public static IApplicationBuilder UseRequestRateLimit(this IApplicationBuilder app) => app.UseMiddleware<RequestRateMiddleware>();
}
