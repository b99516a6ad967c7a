using System.Buffers.Binary;
using Platform.Contracts.Stt;
using Platform.SttService.Audio;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Audio;

public sealed class WavHeaderTests
{
    private static readonly AudioLimits Limits = new(1024 * 1024, TimeSpan.FromSeconds(10));

    public static TheoryData<string, string> BadHeaders => new()
    {
        { "zero-hertz", "0 Hz" },
        { "above-2^31-hertz", "2147483649 Hz" },
        { "zero-channels", "0 channels" },
        { "65535-channels", "65535 channels" },
        { "8-bit", "8-bit PCM" },
        { "float", "32-bit float" },
        { "truncated-fmt", "fmt chunk is truncated" },
        { "truncated-before-data", "no data chunk" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void ABadHeaderIsRejectedSayingWhatIsWrong(string header, string reason)
    {
        var rejected = Assert.Throws<UnsupportedAudioException>(() => AudioReader.Read(Wav(header), AudioFormat.Wav, Limits));

        Assert.Contains(reason, rejected.Message, StringComparison.Ordinal);
    }

    /// <summary>A tenth of a second of silence, 16 kHz mono PCM16, with one thing in its header broken.</summary>
    internal static byte[] Wav(string header)
    {
        var wav = WavWriter.Pcm16(new short[1600], 16_000, 1);
        switch (header)
        {
            case "zero-hertz":
                BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), 0);
                break;
            case "above-2^31-hertz":
                BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), 2_147_483_649);
                break;
            case "zero-channels":
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 0);
                break;
            case "65535-channels":
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), ushort.MaxValue);
                break;
            case "8-bit":
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 8);
                break;
            case "float":
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 3);
                break;
            case "truncated-fmt":
                return wav[..30];
            case "truncated-before-data":
                return wav[..38];
        }

        return wav;
    }
}
