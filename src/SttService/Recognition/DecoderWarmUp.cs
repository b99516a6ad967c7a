using System.Diagnostics;
using Microsoft.Extensions.Options;
using Platform.SttService.Audio;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Makes the decoders hot at start: loads <c>Stt:Decoders</c> of them side by side, runs one warm-up decode on each,
/// then puts them in the pool; /health turns ready after that. A failure stops the service with the reason, since
/// it cannot transcribe anything without its model.
/// </summary>
internal sealed partial class DecoderWarmUp(
    DecoderPool pool,
    DecoderStatus status,
    IOptions<SttOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<DecoderWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var model = PocketsphinxModel.From(settings);
        var loaded = new List<PocketsphinxDecoder>();
        try
        {
            PocketsphinxLog.Configure(settings.EngineLogPath);
            var clock = Stopwatch.StartNew();
            var loads = Enumerable.Range(0, settings.DecoderCount)
                .Select(_ => Task.Run(() => PocketsphinxDecoder.Load(model), stoppingToken))
                .ToArray();
            try
            {
                await Task.WhenAll(loads);
            }
            finally
            {
                loaded.AddRange(loads.Where(load => load.IsCompletedSuccessfully).Select(load => load.Result));
            }

            status.Loaded(loaded.Count, clock.Elapsed);
            LogLoaded(logger, loaded.Count, model.ToString(), clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            var speech = new SpeechAudio(WarmUpSpeech.Create(), SpeechAudio.SampleRate, 1);
            await Task.WhenAll(loaded.Select(decoder => Task.Run(() => WarmUp(decoder, speech), stoppingToken)));
            foreach (var decoder in loaded)
            {
                pool.Add(decoder);
            }

            loaded.Clear();
            status.Warm(clock.Elapsed);
            LogReady(logger, pool.Size, clock.Elapsed.TotalMilliseconds);
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
        finally
        {
            foreach (var decoder in loaded)
            {
                decoder.Dispose();
            }
        }
    }

    private static void WarmUp(PocketsphinxDecoder decoder, SpeechAudio speech)
    {
        decoder.StartUtterance();
        decoder.Process(speech.Samples.Span);
        decoder.EndUtterance();
        decoder.Hypothesis();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Decoders} decoders of {Model} in {LoadMs:0.0} ms.")]
    private static partial void LogLoaded(ILogger logger, int decoders, string model, double loadMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Decoders} decoders are warm after {WarmUpMs:0.0} ms; /health is ready.")]
    private static partial void LogReady(ILogger logger, int decoders, double warmUpMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The speech decoders could not be made ready, so the service stops: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason, Exception exception);
}
