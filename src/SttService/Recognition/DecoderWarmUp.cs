using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Readiness;
using Platform.SttService.Audio;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Makes the decoders hot: one is loaded, warmed with a decode and put in the pool before the service is ready, so a
/// restart serves as soon as it can; the other <c>Stt:Decoders</c> load and warm side by side right after, each joining
/// the pool when warm. Until then a call waits for the first free decoder as it would behind a busy one.
/// </summary>
internal sealed class DecoderWarmUp(DecoderPool pool, IOptions<SttOptions> options) : IWarmUpStep, IDisposable
{
    private readonly PocketsphinxModel model = PocketsphinxModel.From(options.Value);
    private readonly SpeechAudio speech = new(WarmUpSpeech.Create(), SpeechAudio.SampleRate, 1);
    private readonly List<PocketsphinxDecoder> loaded = [];
    private int decoders;

    public string Subject => $"{options.Value.DecoderCount} pocketsphinx decoders of {model}";

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PocketsphinxLog.Configure(options.Value.EngineLogPath);
        await LoadAsync(1, cancellationToken);
    }

    public Task WarmUpAsync(CancellationToken cancellationToken) => WarmUpLoadedAsync(cancellationToken);

    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(options.Value.DecoderCount - 1, cancellationToken);
        await WarmUpLoadedAsync(cancellationToken);
    }

    public void Describe(IDictionary<string, object> data)
    {
        data["engine"] = RecognitionTelemetry.Engine;
        data["decoders"] = Volatile.Read(ref decoders);
    }

    /// <summary>Frees decoders that loaded but never reached the pool, because the warm-up failed or the service stopped.</summary>
    public void Dispose()
    {
        foreach (var decoder in loaded)
        {
            decoder.Dispose();
        }

        loaded.Clear();
    }

    private async Task LoadAsync(int count, CancellationToken cancellationToken)
    {
        var loads = Enumerable.Range(0, count)
            .Select(_ => Task.Run(() => PocketsphinxDecoder.Load(model), cancellationToken))
            .ToArray();
        try
        {
            await Task.WhenAll(loads);
        }
        finally
        {
            loaded.AddRange(loads.Where(load => load.IsCompletedSuccessfully).Select(load => load.Result));
            Interlocked.Add(ref decoders, loads.Count(load => load.IsCompletedSuccessfully));
        }
    }

    private async Task WarmUpLoadedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(loaded.Select(decoder => Task.Run(() => WarmUp(decoder), cancellationToken)));
        foreach (var decoder in loaded)
        {
            pool.Add(decoder);
        }

        loaded.Clear();
    }

    private void WarmUp(PocketsphinxDecoder decoder)
    {
        decoder.StartUtterance();
        decoder.Process(speech.Samples.Span);
        decoder.EndUtterance();
        decoder.Hypothesis();
    }
}
