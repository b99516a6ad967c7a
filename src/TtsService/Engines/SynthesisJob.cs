using System.Diagnostics;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Engines;

/// <summary>
/// One text for an engine's thread to speak. A job cancelled while it waits is dropped at once, so its caller does
/// not wait behind other jobs; a job already speaking is stopped by its sink, and completes when the engine returns.
/// </summary>
internal sealed class SynthesisJob(SpeechVoice voice, string text, float speed, IAudioSink sink, CancellationToken cancellationToken)
{
    private const int Queued = 0;
    private const int Running = 1;
    private const int Dropped = 2;

    private readonly TaskCompletionSource<TimeSpan> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long queuedAt = Stopwatch.GetTimestamp();
    private int state;

    public SpeechVoice Voice { get; } = voice;

    public string Text { get; } = text;

    /// <summary>The speaking rate as a multiple of the voice's own; each engine sets it for this job alone.</summary>
    public float Speed { get; } = speed;

    public IAudioSink Sink { get; } = sink;

    /// <summary>Completes with the time the job waited for the engine.</summary>
    public Task<TimeSpan> Completion => completion.Task;

    public CancellationTokenRegistration WatchCancellation() => cancellationToken.Register(() =>
    {
        if (Interlocked.CompareExchange(ref state, Dropped, Queued) == Queued)
        {
            completion.TrySetCanceled(cancellationToken);
        }
    });

    /// <summary>Claims the job for the engine's thread; false when it was dropped while waiting.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref state, Running, Queued) == Queued;

    public TimeSpan Waited => Stopwatch.GetElapsedTime(queuedAt);

    public void Complete(TimeSpan waited) => completion.TrySetResult(waited);

    public void Fail(Exception exception) => completion.TrySetException(exception);
}
