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
        // A service appears in the dashboard with its first export, which its batch delay holds back for a moment.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var names = new HashSet<string?>();
        while (!names.IsSupersetOf(AspirePlatform.Services) && !deadline.IsCancellationRequested)
        {
            var resources = await platform.TelemetryAsync("resources", TestContext.Current.CancellationToken);
            names = resources.EnumerateArray().Select(resource => resource.GetProperty("name").GetString()).ToHashSet();
            await Task.WhenAny(Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token));
        }

        Assert.Superset(AspirePlatform.Services.ToHashSet(), names!);
    }
}
