using System.Buffers.Binary;
using System.Globalization;

namespace Platform.SttService.Audio;

/// <summary>Reads the layout of a RIFF/WAVE file holding 16-bit PCM, rejecting anything else with a message that says why.</summary>
public static class WavFile
{
    private const ushort PcmFormat = 1;
    private const ushort ExtensibleFormat = 0xFFFE;

    public static bool HasRiffHeader(ReadOnlySpan<byte> file) =>
        file.Length >= 12 && file[..4].SequenceEqual("RIFF"u8) && file.Slice(8, 4).SequenceEqual("WAVE"u8);

    public static WavLayout ReadLayout(ReadOnlySpan<byte> file)
    {
        if (!HasRiffHeader(file))
        {
            throw new UnsupportedAudioException($"The audio is not a WAV file (no RIFF/WAVE header). Supported: {AudioReader.Supported}.");
        }

        (int Rate, int Channels)? format = null;
        var offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = file.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(offset + 4, 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                format = ReadFormat(file.Slice(body, (int)Math.Min(size, (uint)(file.Length - body))));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not { } pcm)
                {
                    throw new UnsupportedAudioException("The WAV file's data chunk comes before its fmt chunk, so its format is unknown.");
                }

                // Streaming writers leave the size at 0 or 0xFFFFFFFF; the data then runs to the end of the file.
                var available = file.Length - body;
                var length = size == 0 || size > available ? available : (int)size;
                length -= length % (2 * pcm.Channels);
                return new WavLayout(pcm.Rate, pcm.Channels, body, length);
            }

            offset = (int)Math.Min(file.Length, body + (long)size + (size & 1));
        }

        throw new UnsupportedAudioException(format is null
            ? "The WAV file has no fmt chunk."
            : "The WAV file has no data chunk, so it holds no samples.");
    }

    private static (int Rate, int Channels) ReadFormat(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length < 16)
        {
            throw new UnsupportedAudioException("The WAV file's fmt chunk is truncated.");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
        if (tag == ExtensibleFormat && chunk.Length >= 26)
        {
            // WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of its sub-format GUID.
            tag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
        }

        if (tag != PcmFormat)
        {
            throw new UnsupportedAudioException(
                $"The WAV file holds {FormatName(tag)} audio; only 16-bit integer PCM is supported ({AudioReader.Supported}).");
        }

        if (bits != 16)
        {
            throw new UnsupportedAudioException($"The WAV file holds {bits}-bit PCM; only 16-bit PCM is supported ({AudioReader.Supported}).");
        }

        if (channels is not (1 or 2))
        {
            throw new UnsupportedAudioException($"The WAV file has {channels} channels; mono and stereo are supported.");
        }

        if (rate > int.MaxValue || !AudioReader.SupportedSampleRates.Contains((int)rate))
        {
            throw new UnsupportedAudioException(string.Create(CultureInfo.InvariantCulture,
                $"The WAV file's sample rate is {rate} Hz; supported rates are {string.Join(", ", AudioReader.SupportedSampleRates)} Hz."));
        }

        return ((int)rate, channels);
    }

    private static string FormatName(ushort tag) => tag switch
    {
        3 => "32-bit float",
        6 => "A-law",
        7 => "mu-law",
        0x11 => "IMA ADPCM",
        0x55 => "MP3",
        _ => $"format tag 0x{tag:X4}",
    };
}
