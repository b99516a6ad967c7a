namespace Platform.Gateway.Realtime;

/// <summary>Push-to-talk: one utterance, ended by <c>audio.end</c>. Hands-free: each utterance the endpointer closes is a turn.</summary>
public enum MicrophoneMode
{
    PushToTalk,
    HandsFree,
}
