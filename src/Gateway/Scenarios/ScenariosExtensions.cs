using Microsoft.Extensions.Options;

namespace Platform.Gateway.Scenarios;

public static class ScenariosExtensions
{
    /// <summary>The scenario catalog from <c>Gateway:Scenarios:CatalogDirectory</c>, read and checked at start.</summary>
    public static IHostApplicationBuilder AddScenarios(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<ScenarioOptions>(ScenarioOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<ScenarioOptions>, ScenarioCatalogValidation>();
        builder.Services.AddSingleton(services => ScenarioCatalog.Load(services.GetRequiredService<IOptions<ScenarioOptions>>().Value.CatalogPath));
        return builder;
    }
}
