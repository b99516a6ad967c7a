using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Gateway.Tests.Scenarios;

public sealed class MalformedCatalogTests(GatewayEnvironment environment) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("scenarios-");

    [Fact]
    public async Task A_malformed_scenario_file_stops_the_Gateway_at_start_naming_the_file_and_the_field()
    {
        var source = Path.Combine(RepositoryLayout.Root, "src", "Gateway", "Scenarios", "Catalog", "es-cafe.json");
        var broken = Path.Combine(folder.FullName, "es-cafe.json");
        File.WriteAllText(broken, File.ReadAllText(source).Replace("\"points\": 20", "\"points\": \"twenty\"", StringComparison.Ordinal));

        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHarness.StartAsync(
            environment, new Uri("http://127.0.0.1:9"), new Dictionary<string, string?> { ["Gateway__Scenarios__CatalogDirectory"] = folder.FullName }));

        Assert.Contains("The Gateway exited", stopped.Message, StringComparison.Ordinal);
        Assert.Contains($"Scenario file '{broken}': objectives[1].points", stopped.Message, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);
}
