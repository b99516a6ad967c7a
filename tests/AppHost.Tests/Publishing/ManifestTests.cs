using System.Text.Json;

namespace Platform.AppHost.Tests.Publishing;

/// <summary>The deployment manifest `AppHost --publisher manifest` writes (README "Publishing").</summary>
public sealed class ManifestTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheManifestDescribesTheServersAsOfficialContainersAndTheServicesAsProjectsWithTheirReferences()
    {
        var resources = await PublishAsync(new Dictionary<string, string>());

        foreach (var (name, image) in new[] { ("redis", "docker.io/library/redis:"), ("messaging", "docker.io/library/rabbitmq:"), ("postgres", "docker.io/library/postgres:") })
        {
            Assert.Equal("container.v0", resources.GetProperty(name).GetProperty("type").GetString());
            Assert.StartsWith(image, resources.GetProperty(name).GetProperty("image").GetString(), StringComparison.Ordinal);
        }

        foreach (var service in new[] { "llm", "stt", "tts", "gateway" })
        {
            Assert.Equal("project.v0", resources.GetProperty(service).GetProperty("type").GetString());
        }

        var gateway = resources.GetProperty("gateway").GetProperty("env");
        Assert.Equal("{redis.connectionString}", gateway.GetProperty("ConnectionStrings__redis").GetString());
        Assert.Equal("{messaging.connectionString}", gateway.GetProperty("ConnectionStrings__messaging").GetString());
        Assert.Equal("{conversations.connectionString}", gateway.GetProperty("ConnectionStrings__conversations").GetString());
        Assert.Equal("{llm.bindings.http.url}", gateway.GetProperty("services__llm__http__0").GetString());
        Assert.False(gateway.TryGetProperty("services__llm__http__1", out _));
        Assert.False(resources.TryGetProperty("llm-2", out _));
        Assert.False(resources.GetProperty("llm").GetProperty("env").TryGetProperty("Llm__ModelPath", out _));
        Assert.Equal("{gateway-api-key.value}", gateway.GetProperty("Gateway__Identity__BootstrapApiKey").GetString());
        Assert.True(resources.GetProperty("gateway-api-key").GetProperty("inputs").GetProperty("value").GetProperty("secret").GetBoolean());
    }

    [Fact]
    public async Task TheManifestAsksForTheGatewaysApiKeyAsASecretInsteadOfHoldingThisMachinesKey()
    {
        var data = Directory.CreateTempSubdirectory("platform-data-").FullName;
        try
        {
            var manifest = await PublishTextAsync(new Dictionary<string, string> { ["PLATFORM_DATA_DIR"] = data });

            Assert.DoesNotContain("pk_", manifest, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(data, "development-api-key")), "publishing made a development key");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task WithTwoLlmReplicasTheManifestListsBothAsProjectsAndGivesTheGatewayEachUnderTheOneServiceNameLlm()
    {
        var resources = await PublishAsync(new Dictionary<string, string> { ["PLATFORM_LLM_REPLICAS"] = "2" });

        foreach (var replica in new[] { "llm", "llm-2" })
        {
            var llm = resources.GetProperty(replica);
            Assert.Equal("project.v0", llm.GetProperty("type").GetString());
            Assert.Equal("{messaging.connectionString}", llm.GetProperty("env").GetProperty("ConnectionStrings__messaging").GetString());
            Assert.False(llm.GetProperty("env").TryGetProperty("Llm__ModelPath", out _));
        }

        Assert.False(resources.TryGetProperty("llm-3", out _));
        var gateway = resources.GetProperty("gateway").GetProperty("env");
        Assert.Equal("{llm.bindings.http.url}", gateway.GetProperty("services__llm__http__0").GetString());
        Assert.Equal("{llm-2.bindings.http.url}", gateway.GetProperty("services__llm__http__1").GetString());
        Assert.False(gateway.TryGetProperty("services__llm-2__http__0", out _));
    }

    /// <summary>The manifest's resources, written with the given settings in the AppHost's environment.</summary>
    private static async Task<JsonElement> PublishAsync(IReadOnlyDictionary<string, string> environment) =>
        JsonDocument.Parse(await PublishTextAsync(environment)).RootElement.GetProperty("resources").Clone();

    private static async Task<string> PublishTextAsync(IReadOnlyDictionary<string, string> environment)
    {
        var output = Directory.CreateTempSubdirectory("platform-manifest-").FullName;
        try
        {
            var manifestPath = Path.Combine(output, "aspire-manifest.json");
            var (exitCode, log) = await AppHostProgram.RunAsync(["--publisher", "manifest", "--output-path", manifestPath], environment, Token);
            Assert.True(exitCode == 0, log);
            return await File.ReadAllTextAsync(manifestPath, Token);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
