namespace Platform.SttService.Audio;

/// <summary>Audio the service cannot take; the message says what is wrong and what is supported, for the caller to read.</summary>
public sealed class UnsupportedAudioException : Exception
{
    public UnsupportedAudioException()
    {
    }

    public UnsupportedAudioException(string message)
        : base(message)
    {
    }

    public UnsupportedAudioException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
