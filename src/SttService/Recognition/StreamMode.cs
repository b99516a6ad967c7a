namespace Platform.SttService.Recognition;

/// <summary>
/// <see cref="Single"/>: one utterance, ended by the endpointer or the end marker. <see cref="Manual"/>: the end
/// marker alone ends it, and all the audio is decoded (push-to-talk, uploads). <see cref="Continuous"/>: each
/// utterance the endpointer closes is final, then listening goes on (hands-free).
/// </summary>
public enum StreamMode
{
    Single,
    Manual,
    Continuous,
}
