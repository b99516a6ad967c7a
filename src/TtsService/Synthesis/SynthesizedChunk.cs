namespace Platform.TtsService.Synthesis;

/// <summary>A chunk in the order the caller receives it; <paramref name="Last"/> marks the end of the utterance.</summary>
public sealed record SynthesizedChunk(SpeechChunk Chunk, int Index, bool Last);
