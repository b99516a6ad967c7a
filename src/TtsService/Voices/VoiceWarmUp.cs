using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.TtsService.Engines;

namespace Platform.TtsService.Voices;

/// <summary>
/// Makes the voices hot at start: loads every engine and its voices, then synthesizes one sentence with each flite
/// voice and with espeak-ng so no caller pays first-use costs; /health turns ready after that. A failure stops the
/// service with the reason, since it cannot speak without its voices.
/// </summary>
internal sealed partial class VoiceWarmUp(
    IEnumerable<SpeechEngine> engines,
    VoiceStatus status,
    IOptions<TtsOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<VoiceWarmUp> logger) : BackgroundService
{
    private const string WarmUpText = "Hello, the voice is ready.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var clock = Stopwatch.StartNew();
            var loaded = new List<(SpeechEngine, IReadOnlyList<SpeechVoice>)>();
            foreach (var engine in engines)
            {
                loaded.Add((engine, await Task.Run(engine.Start, stoppingToken)));
            }

            var catalog = new VoiceCatalog(loaded, options.Value.DefaultVoice);
            status.Loaded(catalog, clock.Elapsed);
            LogLoaded(logger, catalog.Voices.Count, string.Join(", ", loaded.Select(engine => $"{engine.Item1.Name}: {engine.Item2.Count}")), clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            var warmUps = catalog.Voices.Where(voice => voice.Engine != Engines.EspeakNg.EspeakNgEngine.EngineName)
                .Concat(catalog.Voices.Where(voice => voice.Engine == Engines.EspeakNg.EspeakNgEngine.EngineName).Take(1));
            foreach (var voice in warmUps)
            {
                await catalog.EngineOf(voice).SynthesizeAsync(voice, WarmUpText, new DiscardingSink(), stoppingToken);
            }

            status.Warm(clock.Elapsed);
            LogReady(logger, catalog.Default.Name, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure to load ends the service, with its reason in the log.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            status.Fail(ex.Message);
            LogFailed(logger, ex.Message, ex);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Voices} voices ({Engines}) in {LoadMs:0.0} ms.")]
    private static partial void LogLoaded(ILogger logger, int voices, string engines, double loadMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voices are warm after {WarmUpMs:0.0} ms (default {DefaultVoice}); /health is ready.")]
    private static partial void LogReady(ILogger logger, string defaultVoice, double warmUpMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The voices could not be made ready, so the service stops: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason, Exception exception);

    private sealed class DiscardingSink : IAudioSink
    {
        public bool Write(ReadOnlySpan<short> samples, int sampleRate) => true;
    }
}
