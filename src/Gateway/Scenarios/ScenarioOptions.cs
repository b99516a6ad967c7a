using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway.Scenarios;

public sealed class ScenarioOptions
{
    public const string SectionName = "Gateway:Scenarios";

    /// <summary>The folder of scenario files (<c>*.json</c>); relative paths are from the Gateway's folder.</summary>
    [Required]
    public string CatalogDirectory { get; set; } = Path.Combine("Scenarios", "Catalog");

    public string CatalogPath => Path.GetFullPath(CatalogDirectory, AppContext.BaseDirectory);
}
