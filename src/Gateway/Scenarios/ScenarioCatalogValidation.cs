using Microsoft.Extensions.Options;

namespace Platform.Gateway.Scenarios;

/// <summary>Reads the catalog when options are validated at start, so a malformed scenario file stops the Gateway naming the file and field.</summary>
public sealed class ScenarioCatalogValidation : IValidateOptions<ScenarioOptions>
{
    public ValidateOptionsResult Validate(string? name, ScenarioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            ScenarioCatalog.Load(options.CatalogPath);
            return ValidateOptionsResult.Success;
        }
        catch (ScenarioFileException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
