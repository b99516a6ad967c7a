namespace Platform.AppHost.Tests;

/// <summary>The settings README's AppHost section lists, checked before anything starts.</summary>
public sealed class PlatformSettingsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    public async Task AnLlmReplicaCountOutsideOneToFourStopsTheAppHostWithAMessageNamingTheSettingAndNoStackTrace(string replicas)
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"platform-settings-{Guid.NewGuid():N}.json");

        var (exitCode, output) = await AppHostProgram.RunAsync(
            ["--publisher", "manifest", "--output-path", manifest],
            new Dictionary<string, string> { ["PLATFORM_LLM_REPLICAS"] = replicas },
            TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"PLATFORM_LLM_REPLICAS must be 1-4, the number of LlmService processes to run; it is {replicas}.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(manifest));
    }
}
