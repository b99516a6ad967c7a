using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Identity;

public sealed class CapabilitiesTests(GatewayEnvironment environment)
{
    [Fact]
    public async Task WithoutSpeechServicesTheGatewaySaysVoiceIsNotOffered()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);

        var capabilities = await harness.Client().GetFromJsonAsync<JsonElement>("/api/capabilities", TestContext.Current.CancellationToken);

        Assert.False(capabilities.GetProperty("voice").GetBoolean());
        Assert.Equal(JsonValueKind.Null, capabilities.GetProperty("voiceInput").ValueKind);
    }
}
