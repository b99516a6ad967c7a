using Platform.Load.Commands;

namespace Platform.Chaos.Tests;

/// <summary>The load tool drives Gateways on this machine only, and says which setting is wrong.</summary>
public sealed class LoadTargetTests
{
    [Theory]
    [InlineData("http://10.0.0.7:8080")]
    [InlineData("http://example.com")]
    [InlineData("http://192.168.1.2")]
    public void ATargetOffThisMachineIsRefused(string target)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--target", target, "--api-key", "pk_x"]));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://[::1]:8080")]
    public void ALoopbackTargetIsAccepted(string target)
    {
        var options = LoadOptions.Parse(["--target", target, "--api-key", "pk_x", "--mode", "open", "--rate", "12.5"]);

        Assert.Equal(new Uri(target), options.Target);
        Assert.Equal("open", options.Mode);
        Assert.Equal(12.5, options.Rate);
    }

    [Theory]
    [InlineData("--mode", "sideways", "--mode")]
    [InlineData("--concurrency", "0", "--concurrency")]
    [InlineData("--transport", "grpc", "--transport")]
    public void ABadSettingIsNamed(string setting, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse([setting, value]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSettingIsRefused() =>
        Assert.Contains("concurency", Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--concurency", "10"])).Message, StringComparison.OrdinalIgnoreCase);
}
