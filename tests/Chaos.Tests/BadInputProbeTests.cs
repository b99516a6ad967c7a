using Platform.Load.Commands;

namespace Platform.Chaos.Tests;

/// <summary>The load tool's bad-input probes against a whole platform (real model and speech), as the load report runs them.</summary>
public sealed class BadInputProbeTests
{
    [Fact]
    public async Task EveryBadInputProbeGetsItsClientErrorInTheRightShapeAndThePlatformStaysHealthy()
    {
        var (markdown, passed) = await ProbesCommand.RunProbesAsync(TestContext.Current.CancellationToken);

        TestContext.Current.SendDiagnosticMessage(markdown);
        Assert.True(passed, markdown);
    }
}
