using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>A decoder lent to one call; disposing it closes any open utterance and gives the decoder back.</summary>
internal sealed class DecoderLease(DecoderPool pool, PocketsphinxDecoder decoder) : IDisposable
{
    private int returned;

    public PocketsphinxDecoder Decoder { get; } = decoder;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref returned, 1) == 0)
        {
            pool.Return(Decoder);
        }
    }
}
