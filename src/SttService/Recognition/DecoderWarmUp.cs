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
    private readonly Lock gate = new();
    private readonly List<PocketsphinxDecoder> loaded = [];
    private bool disposed;
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

    /// <summary>
    /// Frees decoders that loaded but never reached the pool, because the warm-up failed or the service stopped. The
    /// host disposes this once its shutdown timeout has passed even while the background loads still run; a decoder
    /// those loads or warm-ups finish afterwards is freed by them, never used after it was freed here.
    /// </summary>
    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            Free(loaded);
        }
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
            var done = loads.Where(load => load.IsCompletedSuccessfully).Select(load => load.Result).ToList();
            lock (gate)
            {
                if (disposed)
                {
                    Free(done);
                }
                else
                {
                    loaded.AddRange(done);
                    Interlocked.Add(ref decoders, done.Count);
                }
            }
        }
    }

    private async Task WarmUpLoadedAsync(CancellationToken cancellationToken)
    {
        List<PocketsphinxDecoder> warming;
        lock (gate)
        {
            warming = [.. loaded];
            loaded.Clear();
        }

        try
        {
            await Task.WhenAll(warming.Select(decoder => Task.Run(() => WarmUp(decoder), cancellationToken)));
        }
        catch
        {
            Free(warming);
            throw;
        }

        lock (gate)
        {
            if (disposed)
            {
                Free(warming);
                return;
            }

            foreach (var decoder in warming)
            {
                pool.Add(decoder);
            }
        }
    }

    private static void Free(List<PocketsphinxDecoder> decoders)
    {
        foreach (var decoder in decoders)
        {
            decoder.Dispose();
        }

        decoders.Clear();
    }

    private void WarmUp(PocketsphinxDecoder decoder)
    {
        decoder.StartUtterance();
        decoder.Process(speech.Samples.Span);
        decoder.EndUtterance();
        decoder.Hypothesis();
    }
}
