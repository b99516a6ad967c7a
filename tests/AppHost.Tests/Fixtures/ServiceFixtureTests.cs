using System.Net;
using Platform.Testing;

namespace Platform.AppHost.Tests.Fixtures;

public sealed class ServiceFixtureTests
{
    [Fact]
    public async Task A_service_named_by_its_project_runs_from_build_output_on_a_free_port_until_disposed()
    {
        var tts = new ServiceFixture("TtsService");
        await tts.InitializeAsync();
        var pid = tts.ProcessId;

        Assert.Equal(HttpStatusCode.OK, await HealthEndpoint.GetAsync(tts.BaseAddress));
        Assert.Contains("TtsService.dll", ProcessTable.CommandLine(pid), StringComparison.Ordinal);

        await tts.DisposeAsync();

        Assert.False(ProcessTable.IsRunning(pid));
    }
}
