using Platform.SttService.VoiceActivity;

namespace Platform.SttService.Recognition;

/// <summary>
/// One hypothesis from a decode: a partial while audio remains, then the final one. A streamed decode also reports
/// the endpointer's decisions (<paramref name="Speech"/> at <paramref name="SpeechMilliseconds"/>, with no text of
/// their own), says on each final what ended the utterance and which utterance of the call it was, and marks a partial
/// <paramref name="Stable"/> when its text held through the trailing silence the call asked for.
/// </summary>
public sealed record TranscriptUpdate(
    string Text,
    bool IsFinal,
    int AudioMilliseconds,
    TimeSpan DecodeTime,
    TimeSpan QueueTime,
    SpeechEdge? Speech = null,
    int SpeechMilliseconds = 0,
    UtteranceEnd End = UtteranceEnd.None,
    int Utterance = 0,
    bool Stable = false);
