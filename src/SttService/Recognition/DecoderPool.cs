using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// The decoders, each lent to one call at a time from when it is warm. Calls beyond the decoders wait in arrival order,
/// up to <c>Stt:QueueCapacity</c> of them; more are refused rather than left to pile up.
/// </summary>
internal sealed class DecoderPool(IOptions<SttOptions> options) : IDisposable
{
    private readonly Channel<PocketsphinxDecoder> idle = Channel.CreateUnbounded<PocketsphinxDecoder>();
    private readonly int queueCapacity = options.Value.QueueCapacity;
    private readonly TaskCompletionSource full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int size;
    private int waiting;

    public int Size => Volatile.Read(ref size);

    /// <summary>Completes once every one of <c>Stt:Decoders</c> has joined, which the service does not wait for to be ready.</summary>
    public Task Full => full.Task;

    public void Add(PocketsphinxDecoder decoder)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        var added = Interlocked.Increment(ref size);
        Return(decoder);
        if (added == options.Value.DecoderCount)
        {
            full.TrySetResult();
        }
    }

    public async ValueTask<DecoderLease> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.Reader.TryRead(out var free))
        {
            return new DecoderLease(this, free);
        }

        if (Interlocked.Increment(ref waiting) > queueCapacity)
        {
            Interlocked.Decrement(ref waiting);
            throw new DecodersBusyException(string.Create(CultureInfo.InvariantCulture,
                $"All {Size} decoders are busy and {queueCapacity} calls are already waiting (Stt:QueueCapacity); retry shortly."));
        }

        try
        {
            return new DecoderLease(this, await idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }
    }

    internal void Return(PocketsphinxDecoder decoder)
    {
        if (decoder.InUtterance)
        {
            decoder.EndUtterance();
        }

        // After Dispose the channel refuses it, and a decoder that was busy at shutdown is freed here instead.
        if (!idle.Writer.TryWrite(decoder))
        {
            decoder.Dispose();
        }
    }

    public void Dispose()
    {
        idle.Writer.TryComplete();
        while (idle.Reader.TryRead(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
