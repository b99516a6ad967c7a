using Microsoft.AspNetCore.Authentication;

namespace Platform.Gateway.Identity;

public static class IdentityExtensions
{
    /// <summary>Users known by API key or browser cookie; every conversation endpoint requires one.</summary>
    public static IHostApplicationBuilder AddIdentity(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<IdentityOptions>(IdentityOptions.SectionName);
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddHostedService<BootstrapApiKey>();
        builder.Services.AddAuthentication(CredentialAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, CredentialAuthenticationHandler>(CredentialAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        return builder;
    }

    public static IApplicationBuilder UseIdentity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseMiddleware<AnonymousBrowserMiddleware>();
        app.UseAuthorization();
        return app;
    }
}
