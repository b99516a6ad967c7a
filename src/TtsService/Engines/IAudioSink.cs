namespace Platform.TtsService.Engines;

/// <summary>Where an engine's callback puts each block of samples as it is synthesized.</summary>
public interface IAudioSink
{
    /// <summary>Takes a block of mono PCM16 samples; false asks the engine to stop synthesizing.</summary>
    bool Write(ReadOnlySpan<short> samples, int sampleRate);
}
