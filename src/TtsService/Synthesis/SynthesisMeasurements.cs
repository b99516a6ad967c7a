namespace Platform.TtsService.Synthesis;

/// <summary>What one synthesis took: written by its producer, read by the caller once the last chunk is out.</summary>
public sealed class SynthesisMeasurements
{
    private long samples;

    /// <summary>How long the first segment waited for the engine.</summary>
    public TimeSpan QueueTime { get; internal set; }

    public int SampleRate { get; internal set; }

    /// <summary>From the caller's cancellation to the engine's stop; null when the call was not cancelled.</summary>
    public TimeSpan? CancelToStop { get; internal set; }

    public long Samples => Interlocked.Read(ref samples);

    public TimeSpan Audio => SampleRate > 0 ? TimeSpan.FromSeconds((double)Samples / SampleRate) : TimeSpan.Zero;

    internal void Add(int count, int sampleRate)
    {
        SampleRate = sampleRate;
        Interlocked.Add(ref samples, count);
    }
}
