namespace Platform.SttService.Recognition;

/// <summary>Every decoder is busy and the queue for them is full.</summary>
public sealed class DecodersBusyException : Exception
{
    public DecodersBusyException()
    {
    }

    public DecodersBusyException(string message)
        : base(message)
    {
    }

    public DecodersBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
