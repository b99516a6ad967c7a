namespace Platform.SttService.Recognition;

/// <summary>What ended a streamed utterance.</summary>
public enum UtteranceEnd
{
    None,
    EndMarker,
    Endpoint,
    MaxLength,
}
