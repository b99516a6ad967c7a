using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.LlmService.Context;
using Platform.LlmService.Jobs;
using Platform.LlmService.Providers;

namespace Platform.LlmService.Tests.Jobs;

/// <summary>The job consumers on MassTransit's in-memory test harness, over a <see cref="ScriptedProvider"/>.</summary>
public sealed class JobHarness : IAsyncDisposable
{
    /// <summary>Two quick redeliveries: the error path runs the same policy shape as production without its waits.</summary>
    public const int Deliveries = 3;

    private readonly ServiceProvider services;

    private JobHarness(ServiceProvider services, ITestHarness bus)
    {
        this.services = services;
        Bus = bus;
    }

    public ITestHarness Bus { get; }

    public static async Task<JobHarness> StartAsync(ScriptedProvider provider)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IHostApplicationLifetime, Microsoft.Extensions.Hosting.Internal.ApplicationLifetime>()
            .AddSingleton<ILlmProvider>(provider)
            .AddSingleton(Options.Create(new LlmOptions()))
            .AddContextWindow()
            .AddMassTransitTestHarness(bus => bus.AddJobConsumers(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)))
            .BuildServiceProvider(validateScopes: true);
        var harness = services.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new JobHarness(services, harness);
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
