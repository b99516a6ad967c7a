using Platform.Contracts.Stt;

namespace Platform.Gateway.Speech;

/// <summary>What a user said: the audio as sent, its format, and the language to recognise.</summary>
public sealed record SpokenInput(byte[] Audio, AudioFormat Format, string Language);
