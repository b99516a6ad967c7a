namespace Platform.SttService.VoiceActivity;

/// <summary>
/// How the endpointer tells speech from silence. A 10 ms frame is voiced when its level is above both
/// <paramref name="SpeechThresholdDbfs"/> and the noise floor plus <paramref name="NoiseMarginDb"/>; speech starts after
/// <paramref name="MinSpeechMilliseconds"/> of voiced frames in a row and ends after <paramref name="TrailingSilenceMilliseconds"/>
/// without one.
/// </summary>
public sealed record EndpointerSettings(
    int TrailingSilenceMilliseconds,
    int MinSpeechMilliseconds,
    double SpeechThresholdDbfs,
    double NoiseMarginDb);
