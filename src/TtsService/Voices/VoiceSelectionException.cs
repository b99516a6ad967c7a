namespace Platform.TtsService.Voices;

/// <summary>A request names a voice or language the service does not have; the message says what it has.</summary>
public sealed class VoiceSelectionException : Exception
{
    public VoiceSelectionException()
    {
    }

    public VoiceSelectionException(string message)
        : base(message)
    {
    }

    public VoiceSelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
