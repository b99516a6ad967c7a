using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Grpc.Core;
using Platform.Contracts.Stt;
using Platform.SttService.Audio;

namespace Platform.SttService.Recognition;

/// <summary>
/// Reads a StreamTranscribe call's messages after its config and hands the audio to the decoder as it arrives:
/// PCM16 frames at once (a whole number of samples each, at most <c>Stt:MaxStreamMessageBytes</c>), a WAV file once
/// its last byte is in (then in <c>Stt:StepMilliseconds</c> blocks). The end marker, or the caller closing its side,
/// ends the audio; a message the call cannot take ends it with INVALID_ARGUMENT, which the decoder passes on.
/// </summary>
internal static class AudioInputPump
{
    public static async Task RunAsync(
        IAsyncStreamReader<AudioInput> requests,
        AudioFormat format,
        ChannelWriter<short[]> audio,
        SttOptions settings,
        CancellationToken cancellationToken)
    {
        try
        {
            var wav = format == AudioFormat.Wav ? new MemoryStream() : null;
            while (await requests.MoveNext(cancellationToken))
            {
                var input = requests.Current;
                if (input.InputCase == AudioInput.InputOneofCase.End)
                {
                    break;
                }

                if (input.InputCase != AudioInput.InputOneofCase.Audio)
                {
                    throw Invalid("A StreamTranscribe call has one config, as its first message; then audio messages, then the end marker.");
                }

                var bytes = input.Audio.Span;
                if (wav is not null)
                {
                    if (wav.Length + bytes.Length > settings.MaxAudioBytes)
                    {
                        throw Invalid(string.Create(CultureInfo.InvariantCulture,
                            $"The WAV file passes {settings.MaxAudioBytes:N0} bytes; at most that many are accepted (Stt:MaxAudioBytes)."));
                    }

                    wav.Write(bytes);
                    continue;
                }

                await audio.WriteAsync(Samples(bytes, settings.MaxStreamMessageBytes), cancellationToken);
            }

            if (wav is not null)
            {
                await WriteWavAsync(wav.ToArray(), audio, settings, cancellationToken);
            }

            audio.TryComplete();
        }
        catch (Exception ex)
        {
            audio.TryComplete(ex);
        }
    }

    private static short[] Samples(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        if (bytes.Length % 2 != 0)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"An audio message of {bytes.Length} bytes is not a whole number of PCM16 samples (2 bytes each)."));
        }

        if (bytes.Length > maxBytes)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture,
                $"An audio message of {bytes.Length:N0} bytes is over the {maxBytes:N0} allowed (Stt:MaxStreamMessageBytes); send audio in smaller frames."));
        }

        return MemoryMarshal.Cast<byte, short>(bytes).ToArray();
    }

    private static async Task WriteWavAsync(byte[] file, ChannelWriter<short[]> audio, SttOptions settings, CancellationToken cancellationToken)
    {
        SpeechAudio speech;
        try
        {
            speech = AudioReader.Read(file, AudioFormat.Wav, AudioLimits.From(settings));
        }
        catch (UnsupportedAudioException ex)
        {
            throw Invalid(ex.Message);
        }

        var step = settings.StepMilliseconds * SpeechAudio.SampleRate / 1000;
        for (var offset = 0; offset < speech.Samples.Length; offset += step)
        {
            await audio.WriteAsync(speech.Samples.Slice(offset, Math.Min(step, speech.Samples.Length - offset)).ToArray(), cancellationToken);
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
