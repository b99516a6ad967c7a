using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Readiness;

namespace Platform.ServiceDefaults.Tests.Readiness;

public sealed class ServiceReadinessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHealthCheckFollowsTheStepFromLoadingThroughWarmingUpToReadyWithItsTimesAndData()
    {
        using var host = BuildHost();
        var step = host.Services.GetRequiredService<GatedStep>();
        var readiness = host.Services.GetRequiredService<ServiceReadiness>();
        await host.StartAsync(Token);

        await step.LoadStarted.Task.WaitAsync(Token);
        var loading = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Equal("Loading", loading.Data["state"]);
        Assert.Equal("Gated model: Loading.", loading.Description);
        Assert.False(readiness.IsReady);

        step.Load.SetResult();
        await step.WarmUpStarted.Task.WaitAsync(Token);
        var warming = await CheckAsync(host);
        Assert.Equal(HealthStatus.Unhealthy, warming.Status);
        Assert.Equal("WarmingUp", warming.Data["state"]);
        Assert.True(warming.Data.ContainsKey("loadMs"));
        Assert.False(warming.Data.ContainsKey("warmUpMs"));

        step.WarmUp.SetResult();
        var settled = await readiness.Settled.WaitAsync(Token);
        var ready = await CheckAsync(host);
        Assert.Equal(ReadinessPhase.Ready, settled.Phase);
        Assert.True(readiness.IsReady);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("Gated model: loaded and warm.", ready.Description);
        Assert.Equal("Ready", ready.Data["state"]);
        Assert.Equal(3, ready.Data["widgets"]);
        Assert.Equal(settled.WarmUp!.Value.TotalMilliseconds, ready.Data["warmUpMs"]);
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task TheServiceIsReadyWhileTheStepFinishesAndAFailedFinishStopsItWithTheReason()
    {
        using var host = BuildHost();
        var step = host.Services.GetRequiredService<GatedStep>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.SetResult);
        await host.StartAsync(Token);
        step.Load.SetResult();
        step.WarmUp.SetResult();

        await host.Services.GetRequiredService<ServiceReadiness>().Settled.WaitAsync(Token);
        var finishing = await CheckAsync(host);
        step.Finish.SetException(new InvalidOperationException("the second decoder did not load"));
        await stopping.Task.WaitAsync(Token);
        var failed = await CheckAsync(host);
        var exitCode = Environment.ExitCode;
        Environment.ExitCode = 0;

        Assert.Equal(HealthStatus.Healthy, finishing.Status);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Equal("Gated model: failed: the second decoder did not load", failed.Description);
        Assert.Equal(1, exitCode);
    }

    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddReadiness<GatedStep>("model");
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Token)).Entries["model"];

    private sealed class GatedStep : IWarmUpStep
    {
        public TaskCompletionSource LoadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Load { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource WarmUpStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource WarmUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Subject => "Gated model";

        public async Task LoadAsync(CancellationToken cancellationToken)
        {
            LoadStarted.SetResult();
            await Load.Task.WaitAsync(cancellationToken);
        }

        public async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            WarmUpStarted.SetResult();
            await WarmUp.Task.WaitAsync(cancellationToken);
        }

        public TaskCompletionSource Finish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task FinishAsync(CancellationToken cancellationToken) => Finish.Task.WaitAsync(cancellationToken);

        public void Describe(IDictionary<string, object> data) => data["widgets"] = 3;
    }
}
