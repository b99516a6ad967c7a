using System.Collections.Concurrent;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Engines;

/// <summary>
/// A text-to-speech engine reached by P/Invoke, driven by one thread of its own. Both engines keep process-wide
/// state (espeak-ng is one global engine with one current voice and callback; flite's voices share their features
/// and lexicon), so syntheses must not overlap, and each is seconds of native CPU work at most that would otherwise
/// hold a thread-pool thread the server's I/O needs. Callers queue texts and await them, holding no thread.
/// </summary>
public abstract class SpeechEngine : IDisposable
{
    /// <summary>The voice's own speaking rate.</summary>
    public const float VoiceSpeed = 1f;

    private readonly BlockingCollection<SynthesisJob> jobs = [];
    private Thread? thread;

    public abstract string Name { get; }

    /// <summary>Loads the engine and its voices, then starts the engine's thread; called once, before any synthesis.</summary>
    public IReadOnlyList<SpeechVoice> Start()
    {
        var voices = Load();
        thread = new Thread(Run) { IsBackground = true, Name = $"{Name} engine" };
        thread.Start();
        return voices;
    }

    /// <summary>
    /// Synthesizes <paramref name="text"/> with <paramref name="voice"/> on the engine's thread, which hands each
    /// block of samples to <paramref name="sink"/> as the engine produces it. <paramref name="speed"/> is the speaking
    /// rate as a multiple of the voice's own (<see cref="VoiceSpeed"/>): the words come faster or slower at the same
    /// pitch, within what the engine can reach. Returns the time spent waiting for the engine.
    /// </summary>
    public async Task<TimeSpan> SynthesizeAsync(SpeechVoice voice, string text, float speed, IAudioSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        var job = new SynthesisJob(voice, text, speed, sink, cancellationToken);
        using var registration = job.WatchCancellation();
        jobs.Add(job, CancellationToken.None);
        return await job.Completion.ConfigureAwait(false);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Loads the engine; runs before the engine's thread starts.</summary>
    protected abstract IReadOnlyList<SpeechVoice> Load();

    /// <summary>
    /// Runs on the engine's thread, one at a time; the engine calls the sink back on that same thread. The engine's
    /// state is shared by every call, so each call sets its own <paramref name="speed"/> rather than leave one behind.
    /// </summary>
    protected abstract void Synthesize(SpeechVoice voice, string text, float speed, IAudioSink sink);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            jobs.CompleteAdding();
            thread?.Join();
            jobs.Dispose();
        }
    }

    private void Run()
    {
        foreach (var job in jobs.GetConsumingEnumerable())
        {
            if (!job.TryStart())
            {
                continue;
            }

            var waited = job.Waited;
            try
            {
                Synthesize(job.Voice, job.Text, job.Speed, job.Sink);
                job.Complete(waited);
            }
#pragma warning disable CA1031 // The failure belongs to the job's caller; the engine's thread goes on with the next job.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                job.Fail(ex);
            }
        }
    }
}
