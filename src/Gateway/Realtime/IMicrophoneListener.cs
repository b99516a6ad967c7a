using Grpc.Core;
using Platform.Gateway.Turns;

namespace Platform.Gateway.Realtime;

/// <summary>What a <see cref="MicrophoneStream"/> tells its socket, in the order SttService said it.</summary>
public interface IMicrophoneListener
{
    /// <summary>A partial hypothesis of the utterance being spoken.</summary>
    void Heard(TranscriptionPayload partial);

    /// <summary>A partial hypothesis that held still in the trailing silence: likely the utterance's final text.</summary>
    void Stable(string text);

    /// <summary>The endpointer heard speech start (or end) at <paramref name="audioMs"/> into the microphone's audio.</summary>
    void SpeechChanged(bool started, int audioMs);

    /// <summary>An utterance's final transcript; <paramref name="cut"/> when it reached the maximum length.</summary>
    Task FinalAsync(TranscriptionPayload final, bool cut, long audioEndedAt);

    /// <summary>SttService has nothing more to say: done, or failed with <paramref name="failure"/>.</summary>
    void Closed(RpcException? failure);
}
