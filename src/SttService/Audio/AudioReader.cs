using System.Buffers.Binary;
using System.Globalization;
using Platform.Audio;
using Platform.Contracts.Stt;

namespace Platform.SttService.Audio;

/// <summary>
/// Turns a request's audio bytes into <see cref="SpeechAudio"/>: WAV (PCM16, mono or stereo, at a common rate),
/// downmixed and resampled to 16 kHz, or raw PCM16 at 16 kHz mono as is. Size and length limits are checked from
/// the header, before any conversion.
/// </summary>
public static class AudioReader
{
    public const string Supported =
        "AUDIO_FORMAT_WAV (RIFF/WAVE, 16-bit PCM, mono or stereo, 8 to 96 kHz) or AUDIO_FORMAT_PCM16_16K (raw 16-bit little-endian PCM, 16 kHz, mono)";

    public static IReadOnlyList<int> SupportedSampleRates { get; } = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 88200, 96000];

    public static SpeechAudio Read(ReadOnlySpan<byte> audio, AudioFormat format, AudioLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (audio.IsEmpty)
        {
            throw new UnsupportedAudioException($"The audio is empty. Send {Supported}.");
        }

        if (audio.Length > limits.MaxBytes)
        {
            throw new UnsupportedAudioException(string.Create(CultureInfo.InvariantCulture,
                $"The audio is {audio.Length:N0} bytes; at most {limits.MaxBytes:N0} bytes are accepted (Stt:MaxAudioBytes)."));
        }

        var layout = format switch
        {
            AudioFormat.Wav => WavFile.ReadLayout(audio),
            AudioFormat.Pcm1616K => RawLayout(audio.Length),
            AudioFormat.Unspecified when WavFile.HasRiffHeader(audio) => WavFile.ReadLayout(audio),
            AudioFormat.Unspecified => throw new UnsupportedAudioException(
                $"The audio format is unspecified and the audio is not a WAV file. Set the format: {Supported}."),
            _ => throw new UnsupportedAudioException(string.Create(CultureInfo.InvariantCulture,
                $"Audio format {(int)format} is not supported. Supported: {Supported}.")),
        };

        if (layout.FrameCount == 0)
        {
            throw new UnsupportedAudioException("The audio holds no samples.");
        }

        if (layout.Duration > limits.MaxDuration)
        {
            throw new UnsupportedAudioException(string.Create(CultureInfo.InvariantCulture,
                $"The audio lasts {layout.Duration.TotalSeconds:0.0} s; at most {limits.MaxDuration.TotalSeconds:0} s are accepted (Stt:MaxAudioSeconds)."));
        }

        return Convert(audio.Slice(layout.DataOffset, layout.DataLength), layout);
    }

    private static WavLayout RawLayout(int length) => length % 2 == 0
        ? new WavLayout(SpeechAudio.SampleRate, 1, 0, length)
        : throw new UnsupportedAudioException(string.Create(CultureInfo.InvariantCulture,
            $"Raw PCM16 audio must have an even number of bytes; this has {length}."));

    private static SpeechAudio Convert(ReadOnlySpan<byte> data, WavLayout layout)
    {
        var frames = layout.FrameCount;
        if (layout.SampleRate == SpeechAudio.SampleRate && layout.Channels == 1)
        {
            var samples = new short[frames];
            for (var i = 0; i < frames; i++)
            {
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
            }

            return new SpeechAudio(samples, layout.SampleRate, layout.Channels);
        }

        var mono = new float[frames];
        var stride = 2 * layout.Channels;
        for (var i = 0; i < frames; i++)
        {
            var frame = data.Slice(i * stride, stride);
            mono[i] = layout.Channels == 1
                ? BinaryPrimitives.ReadInt16LittleEndian(frame)
                : (BinaryPrimitives.ReadInt16LittleEndian(frame) + BinaryPrimitives.ReadInt16LittleEndian(frame[2..])) * 0.5f;
        }

        var resampled = layout.SampleRate == SpeechAudio.SampleRate
            ? mono
            : Resampler.For(layout.SampleRate, SpeechAudio.SampleRate).Process(mono);
        var output = new short[resampled.Length];
        for (var i = 0; i < resampled.Length; i++)
        {
            output[i] = (short)Math.Clamp(MathF.Round(resampled[i]), short.MinValue, short.MaxValue);
        }

        return new SpeechAudio(output, layout.SampleRate, layout.Channels);
    }
}
