using System.Diagnostics;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>The spoken-reply stage: speaks a turn's reply while it is written, keeping its timeline for a later barge-in.</summary>
public sealed class SpokenReplies(SpeechClient speech, SpokenTimelines timelines)
{
    public SpokenReply Start(TurnEmitter emitter, TurnClock clock, ReplyVoice voice, Activity? turn, CancellationToken cancellationToken) =>
        new(speech, voice, new SpokenAudio(emitter, clock, timelines.Start(emitter.Stream.TurnId), turn), cancellationToken);
}
