using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Platform.LlmService.Providers;

/// <summary>
/// Makes the model hot at start: loads it, then runs one short generation so the first real request pays no
/// first-use costs. /health turns ready after that. A failure stops the service with the reason, since a service
/// without its model cannot do anything useful and the orchestrator should see it exit.
/// </summary>
internal sealed partial class ModelWarmUp(
    ILlmProvider provider,
    ModelStatus status,
    IHostApplicationLifetime lifetime,
    ILogger<ModelWarmUp> logger) : BackgroundService
{
    private static readonly ChatMessage[] WarmUpPrompt = [new(ChatRole.User, "Once upon a time")];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var clock = Stopwatch.StartNew();
            await provider.LoadAsync(stoppingToken);
            status.Loaded(clock.Elapsed);
            LogLoaded(logger, provider.Name, provider.Model, clock.Elapsed.TotalMilliseconds, provider.Description);

            clock.Restart();
            var options = new ChatOptions { MaxOutputTokens = 4, Temperature = 0 };
            await foreach (var _ in provider.ChatClient.GetStreamingResponseAsync(WarmUpPrompt, options, stoppingToken))
            {
            }

            status.Warm(clock.Elapsed);
            LogReady(logger, provider.Model, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure to load ends the service, with its reason in the log.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            status.Fail(ex.Message);
            LogFailed(logger, provider.Name, ex.Message, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider} loaded model {Model} in {LoadMs:0.0} ms: {Description}")]
    private static partial void LogLoaded(ILogger logger, string provider, string model, double loadMs, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} is warm after {WarmUpMs:0.0} ms; /health is ready.")]
    private static partial void LogReady(ILogger logger, string model, double warmUpMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The {Provider} provider could not make its model ready, so the service stops: {Reason}")]
    private static partial void LogFailed(ILogger logger, string provider, string reason, Exception exception);
}
