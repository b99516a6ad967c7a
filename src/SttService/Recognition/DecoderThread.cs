using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Platform.SttService.Pocketsphinx;

namespace Platform.SttService.Recognition;

/// <summary>
/// Runs one decode on a pooled decoder, on a thread of its own, and yields the updates it writes as they come. A
/// decode is seconds of native CPU work that would otherwise hold a thread-pool thread, which the server's I/O
/// (including the very cancel that should stop it) needs. The decoder goes back to the pool only once the thread has
/// let go of it.
/// </summary>
internal static class DecoderThread
{
    /// <summary>The work of one call: given the decoder, the time waited for it, where to write and when to stop.</summary>
    public delegate void Decode(PocketsphinxDecoder decoder, TimeSpan queueTime, ChannelWriter<TranscriptUpdate> updates, CancellationToken cancellationToken);

    public static async IAsyncEnumerable<TranscriptUpdate> RunAsync(DecoderPool pool, Decode decode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var queued = Stopwatch.GetTimestamp();
        using var lease = await pool.RentAsync(cancellationToken).ConfigureAwait(false);
        var queueTime = Stopwatch.GetElapsedTime(queued);
        var updates = Channel.CreateUnbounded<TranscriptUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoding = Task.Factory.StartNew(
            () => Guarded(decode, lease.Decoder, queueTime, updates.Writer, stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await foreach (var update in updates.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await decoding.ConfigureAwait(false);
        }
    }

    private static void Guarded(Decode decode, PocketsphinxDecoder decoder, TimeSpan queueTime, ChannelWriter<TranscriptUpdate> updates, CancellationToken cancellationToken)
    {
        try
        {
            decode(decoder, queueTime, updates, cancellationToken);
            updates.TryComplete();
        }
#pragma warning disable CA1031 // The failure travels to the reader through the channel, which rethrows it there.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            updates.TryComplete(ex);
        }
    }
}
