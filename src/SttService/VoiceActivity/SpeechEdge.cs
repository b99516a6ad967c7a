namespace Platform.SttService.VoiceActivity;

/// <summary>A change the endpointer decided on: speech started, or speech ended after the trailing silence.</summary>
public enum SpeechEdge
{
    Started,
    Ended,
}
