using System.Buffers.Binary;

namespace Platform.Testing.Speech;

/// <summary>Writes WAV files in memory, including ones the service must refuse (other sample formats, sizes, channel counts).</summary>
public static class WavWriter
{
    public static byte[] Pcm16(ReadOnlySpan<short> interleaved, int sampleRate, int channels)
    {
        var data = new byte[interleaved.Length * 2];
        for (var i = 0; i < interleaved.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(2 * i), interleaved[i]);
        }

        return Create(data, sampleRate, channels, bitsPerSample: 16, formatTag: 1);
    }

    public static byte[] Create(ReadOnlySpan<byte> data, int sampleRate, int channels, int bitsPerSample, ushort formatTag)
    {
        var file = new byte[44 + data.Length];
        var span = file.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + data.Length);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * channels * bitsPerSample / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], (ushort)(channels * bitsPerSample / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], (ushort)bitsPerSample);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], data.Length);
        data.CopyTo(span[44..]);
        return file;
    }

    /// <summary>The PCM16 samples of a canonical 44-byte-header WAV such as flite and sox write.</summary>
    public static ReadOnlyMemory<byte> DataOf(byte[] wav)
    {
        var offset = 12;
        while (offset + 8 <= wav.Length)
        {
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(offset + 4));
            if (wav.AsSpan(offset, 4).SequenceEqual("data"u8))
            {
                return wav.AsMemory(offset + 8, Math.Min(size, wav.Length - offset - 8));
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidOperationException("No data chunk.");
    }
}
