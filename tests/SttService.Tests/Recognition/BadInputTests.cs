using Grpc.Core;
using System.Text;
using Google.Protobuf;
using Platform.Contracts.Stt;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Recognition;

/// <summary>Audio and languages the service refuses with INVALID_ARGUMENT, each message naming what is supported.</summary>
public sealed class BadInputTests(SharedSttServer shared, SpeechClips clips)
{
    [Fact]
    public async Task TextFileSentAsWavIsRefusedAsNotAWavFile()
    {
        var text = Encoding.UTF8.GetBytes("This is a shopping list, not a recording: eggs, milk, bread.\n");

        var failure = await Transcription.FailureAsync(shared.Server.Channel, Transcription.Wav(text));

        AssertInvalid(failure, "not a WAV file", "AUDIO_FORMAT_PCM16_16K");
    }

    [Fact]
    public async Task EmptyAudioIsRefused()
    {
        var failure = await Transcription.FailureAsync(shared.Server.Channel, Transcription.Wav([]));

        AssertInvalid(failure, "empty", "AUDIO_FORMAT_WAV");
    }

    [Fact]
    public async Task TenMinutesOfAudioIsRefusedAsTooLong()
    {
        var tenMinutes = WavWriter.Pcm16(new short[16_000 * 600], 16_000, 1);

        var failure = await Transcription.FailureAsync(shared.Server.Channel, Transcription.Wav(tenMinutes));

        AssertInvalid(failure, "600.0 s", "at most 60 s", "Stt:MaxAudioSeconds");
    }

    [Fact]
    public async Task AudioLargerThanMaxAudioBytesIsRefusedNamingTheSetting()
    {
        var oversized = new TranscribeRequest { Audio = ByteString.CopyFrom(new byte[(32 * 1024 * 1024) + 2]), Format = AudioFormat.Pcm1616K };

        var failure = await Transcription.FailureAsync(shared.Server.Channel, oversized);

        AssertInvalid(failure, "33,554,434 bytes", "Stt:MaxAudioBytes");
    }

    [Fact]
    public async Task UnsupportedLanguageIsRefusedNamingTheSupportedOne()
    {
        var wav = await clips.WavAsync("Where is the bus station?");

        var failure = await Transcription.FailureAsync(shared.Server.Channel, Transcription.Wav(wav, language: "de-DE"));

        AssertInvalid(failure, "'de-DE' is not supported", "en-US");
    }

    public static TheoryData<string, byte[], string> UnsupportedWavFiles => new()
    {
        { "24-bit PCM", WavWriter.Create(new byte[4800], 16_000, 1, bitsPerSample: 24, formatTag: 1), "only 16-bit PCM" },
        { "32-bit float", WavWriter.Create(new byte[6400], 16_000, 1, bitsPerSample: 32, formatTag: 3), "32-bit float" },
        { "mu-law", WavWriter.Create(new byte[1600], 8_000, 1, bitsPerSample: 8, formatTag: 7), "mu-law" },
        { "three channels", WavWriter.Pcm16(new short[4800], 16_000, 3), "mono and stereo" },
        { "7 kHz", WavWriter.Pcm16(new short[7000], 7_000, 1), "44100, 48000" },
        { "no samples", WavWriter.Pcm16([], 16_000, 1), "no samples" },
        { "truncated header", Encoding.ASCII.GetBytes("RIFF\0\0\0\0WAVEfmt "), "no fmt chunk" },
    };

    [Theory]
    [MemberData(nameof(UnsupportedWavFiles))]
    public async Task WavThatIsNotPcm16MonoOrStereoAtACommonRateIsRefused(string kind, byte[] wav, string expected)
    {
        var failure = await Transcription.FailureAsync(shared.Server.Channel, Transcription.Wav(wav));

        Assert.True(failure.StatusCode == StatusCode.InvalidArgument, $"{kind}: {failure.StatusCode} {failure.Status.Detail}");
        Assert.Contains(expected, failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawAudioWithoutAFormatIsRefusedAskingForOne()
    {
        var request = new TranscribeRequest { Audio = ByteString.CopyFrom(new byte[3200]) };

        var failure = await Transcription.FailureAsync(shared.Server.Channel, request);

        AssertInvalid(failure, "unspecified", "AUDIO_FORMAT_PCM16_16K");
    }

    [Fact]
    public async Task UnknownFormatNumberIsRefused()
    {
        var request = new TranscribeRequest { Audio = ByteString.CopyFrom(new byte[3200]), Format = (AudioFormat)9 };

        var failure = await Transcription.FailureAsync(shared.Server.Channel, request);

        AssertInvalid(failure, "format 9 is not supported", "AUDIO_FORMAT_WAV");
    }

    [Fact]
    public async Task RawPcm16WithAnOddNumberOfBytesIsRefused()
    {
        var request = new TranscribeRequest { Audio = ByteString.CopyFrom(new byte[3201]), Format = AudioFormat.Pcm1616K };

        var failure = await Transcription.FailureAsync(shared.Server.Channel, request);

        AssertInvalid(failure, "even number of bytes");
    }

    private static void AssertInvalid(RpcException failure, params string[] fragments)
    {
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, failure.Status.Detail, StringComparison.Ordinal);
        }
    }
}
