using Platform.Contracts.Stt;
using Platform.Gateway.Speech;

namespace Platform.Gateway.Turns;

/// <summary>The voice-input stage: transcribes a spoken message, emitting what is heard as it is heard.</summary>
public sealed class VoiceInput(SpeechClient speech)
{
    /// <summary>The final transcript; an empty one fails the turn with no_speech, as its first event, so an HTTP answer can still be a 422.</summary>
    public async Task<string> HearAsync(TurnEmitter emitter, SpokenInput input, TurnClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emitter);
        ArgumentNullException.ThrowIfNull(clock);
        var transcript = string.Empty;
        await foreach (var heard in StreamedTranscription.TranscribeAsync(speech, input, cancellationToken))
        {
            if (heard.Speech != SpeechEvent.None)
            {
                continue;
            }

            if (heard.IsFinal)
            {
                transcript = heard.Text.Trim();
            }

            if (!heard.IsFinal || transcript.Length > 0)
            {
                emitter.Emit(TurnEventKind.Transcription, new TranscriptionPayload(heard.Text, heard.IsFinal, heard.AudioMs, heard.DecodeMs));
            }
        }

        clock.TranscriptFinished();
        if (transcript.Length == 0)
        {
            throw new TurnFailedException("no_speech", "No speech was recognised in the audio.", retryable: false);
        }

        return transcript;
    }
}
