namespace Platform.TtsService.Synthesis;

/// <summary>A block of little-endian mono PCM16 at <paramref name="SampleRate"/>, as it leaves the engine.</summary>
public sealed record SpeechChunk(ReadOnlyMemory<byte> Pcm, int SampleRate);
