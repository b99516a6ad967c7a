using Platform.LlmService.Providers;

namespace Platform.LlmService.Context;

public static class ContextWindowExtensions
{
    /// <summary>The <see cref="ContextWindow"/> over the provider's own token count when it has one, else the estimate.</summary>
    public static IServiceCollection AddContextWindow(this IServiceCollection services)
    {
        services.AddSingleton<IPromptTokenCounter>(provider =>
            provider.GetRequiredService<ILlmProvider>() as IPromptTokenCounter ?? ActivatorUtilities.CreateInstance<EstimatedTokenCounter>(provider));
        services.AddSingleton<ContextWindow>();
        return services;
    }
}
