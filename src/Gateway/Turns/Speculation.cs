using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Platform.Contracts.Llm;
using Platform.Gateway.Llm;

namespace Platform.Gateway.Turns;

/// <summary>
/// A reply generated ahead of its turn (LiveKit's preemptive generation): while the person is silent but the
/// endpointer has not yet closed the utterance, a partial transcript that has held still is sent to LlmService with the
/// prompt its turn would build. If the final transcript says the same and the turn builds the same prompt, the turn
/// takes this generation over: what it produced so far is replayed in order, then it goes on live. Otherwise it is
/// cancelled at LlmService at once. Until it is taken over nothing of it reaches a client, the event log or the store.
/// </summary>
public sealed class Speculation
{
    private const int Running = 0;
    private const int Kept = 1;
    private const int Discarded = 2;

    private readonly CancellationTokenSource stop;
    private readonly Channel<GenerateEvent> generated = Channel.CreateUnbounded<GenerateEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<GenerateRequest?> prepared = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string normalized;
    private int state;
    private volatile bool failed;

    private Speculation(string text, CancellationToken stopping)
    {
        Text = text;
        normalized = Normalize(text);
        stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>The partial transcript the reply is generated for.</summary>
    public string Text { get; }

    /// <summary>The span of this generation, which its turn links to; known once its prompt is.</summary>
    public ActivityContext Trace { get; private set; }

    /// <summary>Starts generating at once; <paramref name="prepare"/> builds the prompt the turn would build for <paramref name="text"/>.</summary>
    public static Speculation Start(string text, Func<CancellationToken, Task<GenerateRequest>> prepare, LlmClient llm, TimeSpan timeout, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(llm);
        var speculation = new Speculation(text, stopping);
        _ = Task.Run(() => speculation.GenerateAsync(prepare, llm, timeout), CancellationToken.None);
        return speculation;
    }

    /// <summary>Whether <paramref name="transcript"/> says what this speculation was started on, ignoring case, spacing and punctuation.</summary>
    public bool Matches(string transcript) => string.Equals(Normalize(transcript), normalized, StringComparison.Ordinal);

    /// <summary>
    /// The turn's generation, if this speculation can be it: the turn built <paramref name="request"/>, and it must be
    /// the very prompt generated on (else the speculation is discarded and null returned). Cancelling
    /// <paramref name="cancellationToken"/> then cancels the generation.
    /// </summary>
    public async Task<IAsyncEnumerable<GenerateEvent>?> AdoptAsync(GenerateRequest request, CancellationToken cancellationToken)
    {
        var generatedFor = await prepared.Task.WaitAsync(cancellationToken);
        if (failed || generatedFor is null || !generatedFor.Equals(request) || Interlocked.CompareExchange(ref state, Kept, Running) != Running)
        {
            Discard();
            return null;
        }

        GatewayTelemetry.Speculated(kept: true);
        cancellationToken.Register(static speculation => ((Speculation)speculation!).Cancel(), this);
        return generated.Reader.ReadAllAsync(cancellationToken);
    }

    /// <summary>Cancels the generation at once and counts it discarded, unless a turn has taken it over; safe to call again.</summary>
    public void Discard()
    {
        if (Interlocked.CompareExchange(ref state, Discarded, Running) == Running)
        {
            GatewayTelemetry.Speculated(kept: false);
            Cancel();
        }
    }

    private void Cancel()
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The generation has already ended; there is nothing left to stop.
        }
    }

    private async Task GenerateAsync(Func<CancellationToken, Task<GenerateRequest>> prepare, LlmClient llm, TimeSpan timeout)
    {
        using var span = GatewayTelemetry.StartSpeculation();
        Trace = span?.Context ?? default;
        try
        {
            var request = await prepare(stop.Token);
            prepared.TrySetResult(request);
            await foreach (var generatedEvent in llm.GenerateAsync(request, timeout, stop.Token))
            {
                generated.Writer.TryWrite(generatedEvent);
            }

            generated.Writer.TryComplete();
        }
#pragma warning disable CA1031 // A failed speculation is dropped (the turn then calls LlmService itself), or, once adopted, fails its turn through the channel.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failed = Volatile.Read(ref state) != Kept;
            prepared.TrySetResult(null);
            generated.Writer.TryComplete(ex);
        }
        finally
        {
            stop.Dispose();
        }
    }

    private static string Normalize(string text)
    {
        var words = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c) || c == '\'')
            {
                words.Append(char.ToLower(c, CultureInfo.InvariantCulture));
            }
            else if (char.IsWhiteSpace(c) && words.Length > 0 && words[^1] != ' ')
            {
                words.Append(' ');
            }
        }

        return words.ToString().TrimEnd();
    }
}
