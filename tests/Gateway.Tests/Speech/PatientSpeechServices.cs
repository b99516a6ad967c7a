namespace Platform.Gateway.Tests.Speech;

/// <summary>
/// The speech services with a trailing silence of 1.2 s, so that a pause of half a second inside an utterance (longer
/// than the 150 ms a partial must hold to be stable) does not end it, whatever silence flite puts around its words.
/// </summary>
public sealed class PatientSpeechServices() : SpeechServices(new Dictionary<string, string> { ["Stt__TrailingSilenceMilliseconds"] = "1200" })
{
    public const int TrailingSilenceMilliseconds = 1200;
}
