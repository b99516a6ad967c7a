using System.Net;

namespace Platform.AppHost.Tests.Platform;

[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(AspirePlatform platform)
{
    [Fact]
    public async Task EveryServerAndServiceRunsHealthyAndTheGatewayAnswersThroughItsAspireEndpoint()
    {
        foreach (var resource in AspirePlatform.Services.Concat(AspirePlatform.Servers).Append("conversations"))
        {
            Assert.True(platform.Application.ResourceNotifications.TryGetCurrentState(resource, out var update), resource);
            Assert.Equal(KnownResourceStates.Running, update.Snapshot.State?.Text);
        }

        using var client = platform.GatewayClient();
        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task TheServicesExportTheirTelemetryToTheAspireDashboard()
    {
        var resources = await platform.TelemetryAsync("resources", TestContext.Current.CancellationToken);

        var names = resources.EnumerateArray().Select(resource => resource.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(AspirePlatform.Services.ToHashSet(), names!);
    }
}
