using System.Diagnostics;
using Platform.Contracts.Tts;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>A turn's spoken reply as it reaches the turn: audio events, the timeline a barge-in truncates by, and the first-audio time.</summary>
public sealed class SpokenAudio(TurnEmitter emitter, TurnClock clock, SpokenTimeline timeline, Activity? turn) : ISpokenAudio
{
    public void Play(int sentence, string text, AudioChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Pcm.Length > 0 && clock.FirstAudio())
        {
            GatewayTelemetry.FirstAudioPlayed(turn, clock.FirstAudioMs!.Value, voice: true);
        }

        if (chunk.SampleRate > 0)
        {
            timeline.Add(sentence, text, chunk.Pcm.Length * 500.0 / chunk.SampleRate);
        }

        var data = Convert.ToBase64String(chunk.Pcm.Span);
        emitter.Emit(TurnEventKind.Audio, seq => new AudioPayload(seq, sentence, chunk.Index, chunk.Last, chunk.SampleRate, "pcm16", data));
    }
}
