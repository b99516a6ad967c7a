namespace Platform.Load.Driving;

/// <summary>What the user says: typed text, or a spoken WAV (16 kHz mono PCM16).</summary>
internal sealed record TurnInput(string? Text, byte[]? Wav)
{
    public bool IsVoice => Wav is not null;

    public static TurnInput Typed(string text) => new(text, null);

    public static TurnInput Spoken(byte[] wav) => new(null, wav);
}
