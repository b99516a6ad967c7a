using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>One real LlmService (stories260K) for a test class, exporting its spans to a collector the tests read.</summary>
public sealed class LlmServiceFixture : IAsyncLifetime
{
    public OtlpCollector Collector { get; private set; } = null!;

    public ServiceFixture Service { get; private set; } = null!;

    public Uri Address => Service.BaseAddress;

    public async ValueTask InitializeAsync()
    {
        Collector = await OtlpCollector.StartAsync();
        Service = await RealLlmService.StartAsync(new Dictionary<string, string>(Collector.ExporterSettings("llm")) { ["OTEL_BSP_SCHEDULE_DELAY"] = "200" });
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Collector.DisposeAsync();
    }
}
