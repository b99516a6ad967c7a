using Platform.TtsService.Voices;

namespace Platform.TtsService.Engines;

/// <summary>
/// A text-to-speech engine reached by P/Invoke. Both engines keep process-wide state (espeak-ng one global engine
/// with its current voice and callback, flite its voices' shared features and lexicon), so one synthesis runs at a
/// time per engine; callers wait for the engine asynchronously, without holding a thread.
/// </summary>
public abstract class SpeechEngine : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public abstract string Name { get; }

    /// <summary>Loads the engine and its voices; called once, before any synthesis.</summary>
    public abstract IReadOnlyList<SpeechVoice> Load();

    /// <summary>
    /// Synthesizes <paramref name="text"/> with <paramref name="voice"/>, handing each block of samples to
    /// <paramref name="sink"/> as the engine produces it. Returns the time spent waiting for the engine.
    /// </summary>
    public async Task<TimeSpan> SynthesizeAsync(SpeechVoice voice, string text, IAudioSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sink);
        var waiting = System.Diagnostics.Stopwatch.GetTimestamp();
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var waited = System.Diagnostics.Stopwatch.GetElapsedTime(waiting);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            Synthesize(voice, text, sink);
        }
        finally
        {
            gate.Release();
        }

        return waited;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs on the caller's thread while it holds the engine; the engine calls the sink on this same thread.</summary>
    protected abstract void Synthesize(SpeechVoice voice, string text, IAudioSink sink);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            gate.Dispose();
        }
    }
}
