namespace Platform.SttService.Audio;

/// <summary>Where a WAV file's PCM16 samples are and how they are laid out.</summary>
public sealed record WavLayout(int SampleRate, int Channels, int DataOffset, int DataLength)
{
    public int FrameCount => DataLength / (2 * Channels);

    public TimeSpan Duration => TimeSpan.FromSeconds((double)FrameCount / SampleRate);
}
