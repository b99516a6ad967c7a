namespace Platform.SttService.Audio;

/// <summary>Audio as the decoder takes it, 16 kHz mono PCM16, with the rate and channels it arrived in.</summary>
public sealed record SpeechAudio(ReadOnlyMemory<short> Samples, int SourceSampleRate, int SourceChannels)
{
    public const int SampleRate = 16_000;

    public static int Milliseconds(int samples) => (int)((long)samples * 1000 / SampleRate);
}
