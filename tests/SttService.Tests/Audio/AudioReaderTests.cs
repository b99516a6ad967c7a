using System.Buffers.Binary;
using Platform.Contracts.Stt;
using Platform.SttService.Audio;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Audio;

public sealed class AudioReaderTests
{
    private static readonly AudioLimits Limits = new(1024 * 1024, TimeSpan.FromSeconds(10));

    [Fact]
    public void Pcm16kMonoPassesThroughSampleForSample()
    {
        short[] samples = [0, 1, -1, short.MaxValue, short.MinValue, 1234];
        var raw = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), samples[i]);
        }

        var fromRaw = AudioReader.Read(raw, AudioFormat.Pcm1616K, Limits);
        var fromWav = AudioReader.Read(WavWriter.Pcm16(samples, 16_000, 1), AudioFormat.Wav, Limits);

        Assert.Equal(samples, fromRaw.Samples.ToArray());
        Assert.Equal(samples, fromWav.Samples.ToArray());
        Assert.Equal((16_000, 1), (fromWav.SourceSampleRate, fromWav.SourceChannels));
    }

    [Fact]
    public void StereoAt16kHzIsDownmixedByAveragingTheChannels()
    {
        short[] interleaved = [1000, 1000, 1000, -1000, 30_000, 30_000, -32_768, -32_768];

        var audio = AudioReader.Read(WavWriter.Pcm16(interleaved, 16_000, 2), AudioFormat.Wav, Limits);

        Assert.Equal(new short[] { 1000, 0, 30_000, -32_768 }, audio.Samples.ToArray());
        Assert.Equal(2, audio.SourceChannels);
    }

    [Fact]
    public void UnspecifiedFormatWithARiffHeaderIsReadAsWav()
    {
        var audio = AudioReader.Read(WavWriter.Pcm16(new short[480], 48_000, 1), AudioFormat.Unspecified, Limits);

        Assert.Equal(160, audio.Samples.Length);
        Assert.Equal(48_000, audio.SourceSampleRate);
    }

    [Fact]
    public void ChunksBeforeTheDataAndAnOddSizedChunkAreSkipped()
    {
        var wav = WavWriter.Pcm16([7, 8, 9], 16_000, 1);
        var list = new byte[8 + 5 + 1];
        "LIST"u8.CopyTo(list);
        BinaryPrimitives.WriteInt32LittleEndian(list.AsSpan(4), 5);
        var withList = wav[..36].Concat(list).Concat(wav[36..]).ToArray();

        var audio = AudioReader.Read(withList, AudioFormat.Wav, Limits);

        Assert.Equal(new short[] { 7, 8, 9 }, audio.Samples.ToArray());
    }

    [Fact]
    public void DataSizeLeftUnsetByAStreamingWriterRunsToTheEndOfTheFile()
    {
        var wav = WavWriter.Pcm16([5, 6, 7, 8], 16_000, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), uint.MaxValue);

        var audio = AudioReader.Read(wav, AudioFormat.Wav, Limits);

        Assert.Equal(new short[] { 5, 6, 7, 8 }, audio.Samples.ToArray());
    }

    [Fact]
    public void ExtensibleFormatHoldingPcm16IsAccepted()
    {
        var wav = WavWriter.Create(new byte[3200], 16_000, 1, 16, formatTag: 0xFFFE);
        var fmt = new byte[40];
        wav.AsSpan(20, 16).CopyTo(fmt);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 1);
        var extensible = wav[..16].Concat(BitConverter.GetBytes(40)).Concat(fmt).Concat(wav[36..]).ToArray();

        var audio = AudioReader.Read(extensible, AudioFormat.Wav, Limits);

        Assert.Equal(1600, audio.Samples.Length);
    }

    [Fact]
    public void LimitsAreCheckedFromTheHeaderAndNameTheirSettings()
    {
        var tooLong = Assert.Throws<UnsupportedAudioException>(() =>
            AudioReader.Read(WavWriter.Pcm16(new short[8_000 * 11], 8_000, 1), AudioFormat.Wav, Limits));
        var tooBig = Assert.Throws<UnsupportedAudioException>(() =>
            AudioReader.Read(new byte[(1024 * 1024) + 2], AudioFormat.Pcm1616K, Limits));

        Assert.Contains("11.0 s", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("Stt:MaxAudioSeconds", tooLong.Message, StringComparison.Ordinal);
        Assert.Contains("Stt:MaxAudioBytes", tooBig.Message, StringComparison.Ordinal);
    }
}
