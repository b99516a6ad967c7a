using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Readiness;
using Platform.SttService.Audio;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Makes the decoders hot at start: loads <c>Stt:Decoders</c> of them side by side, runs one warm-up decode on each,
/// and only then puts them in the pool.
/// </summary>
internal sealed class DecoderWarmUp(DecoderPool pool, IOptions<SttOptions> options) : IWarmUpStep, IDisposable
{
    private readonly PocketsphinxModel model = PocketsphinxModel.From(options.Value);
    private readonly List<PocketsphinxDecoder> loaded = [];
    private int decoders;

    public string Subject => $"{options.Value.DecoderCount} pocketsphinx decoders of {model}";

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PocketsphinxLog.Configure(options.Value.EngineLogPath);
        var loads = Enumerable.Range(0, options.Value.DecoderCount)
            .Select(_ => Task.Run(() => PocketsphinxDecoder.Load(model), cancellationToken))
            .ToArray();
        try
        {
            await Task.WhenAll(loads);
        }
        finally
        {
            loaded.AddRange(loads.Where(load => load.IsCompletedSuccessfully).Select(load => load.Result));
            Volatile.Write(ref decoders, loaded.Count);
        }
    }

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var speech = new SpeechAudio(WarmUpSpeech.Create(), SpeechAudio.SampleRate, 1);
        await Task.WhenAll(loaded.Select(decoder => Task.Run(() => WarmUp(decoder, speech), cancellationToken)));
        foreach (var decoder in loaded)
        {
            pool.Add(decoder);
        }

        loaded.Clear();
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

    private static void WarmUp(PocketsphinxDecoder decoder, SpeechAudio speech)
    {
        decoder.StartUtterance();
        decoder.Process(speech.Samples.Span);
        decoder.EndUtterance();
        decoder.Hypothesis();
    }
}
