using System.Globalization;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Recognition;

/// <summary>Transcribe over gRPC on real pocketsphinx decoders, with speech that flite's slt voice speaks.</summary>
public sealed class TranscribeTests(SharedSttServer shared, SecondPassesSttServer accurate, SpeechClips clips) : IClassFixture<SecondPassesSttServer>
{
    private const string Sentence = "Can you help me find the nearest hospital?";

    public static TheoryData<string> Sentences => new(TestSentences.All);

    [Theory]
    [MemberData(nameof(Sentences))]
    public async Task WithSecondPassesTheFinalTranscriptOfFliteSpeechGetsMostWordsRight(string sentence)
    {
        var wav = await clips.WavAsync(sentence);

        var final = (await Transcription.CollectAsync(accurate.Server.Channel, Transcription.Wav(wav))).Final;

        var wer = WordErrorRate.Of(sentence, final.Text);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"'{sentence}' -> '{final.Text}': WER {wer:P0}, audio {final.AudioMs} ms, decode {final.DecodeMs} ms"));
        Assert.True(wer <= 0.5, $"WER {wer:P0}: '{final.Text}'");
    }

    [Fact]
    public async Task WordErrorRateOverAllTestSentencesIsAtMostTwentyFivePercent()
    {
        var errors = 0.0;
        var words = 0;
        foreach (var sentence in TestSentences.All)
        {
            var final = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(await clips.WavAsync(sentence)))).Final;
            var count = WordErrorRate.Words(sentence).Length;
            errors += WordErrorRate.Of(sentence, final.Text) * count;
            words += count;
        }

        var wer = errors / words;
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture, $"WER over {words} words: {wer:P1}"));
        Assert.InRange(wer, 0, 0.25);
    }

    [Fact]
    public async Task PartialHypothesesStreamWhileDecodingAndOneFinalTranscriptEndsTheCall()
    {
        var wav = await clips.WavAsync(Sentence);

        var transcription = await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(wav));

        Assert.True(transcription.Partials.Count >= 2, $"{transcription.Partials.Count} partial hypotheses");
        Assert.True(transcription.Events[^1].IsFinal);
        var final = transcription.Final;
        var audioMs = WavWriter.DataOf(wav).Length / 32;
        Assert.Equal(audioMs, final.AudioMs);
        Assert.All(transcription.Partials, partial => Assert.False(string.IsNullOrWhiteSpace(partial.Text)));
        var partialAudio = transcription.Partials.Select(partial => partial.AudioMs).ToList();
        Assert.Equal(partialAudio.Order(), partialAudio);
        Assert.Equal(partialAudio.Count, partialAudio.Distinct().Count());
        Assert.True(partialAudio[0] < audioMs, $"the first partial covers {partialAudio[0]} of {audioMs} ms");
        Assert.True(transcription.Partials[0].DecodeMs < final.DecodeMs, "the first partial was sent before decoding ended");
        Assert.InRange(final.DecodeMs, 1, 30_000);
        Assert.InRange(final.QueueMs, 0, 30_000);
        Assert.True(WordErrorRate.Of(Sentence, final.Text) <= 0.5, final.Text);
    }

    [Fact]
    public async Task RawPcm16kGivesTheSameTranscriptAsTheWavItCameFrom()
    {
        var wav = await clips.WavAsync(Sentence);

        var fromWav = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(wav))).Final;
        var fromRaw = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Pcm16k(WavWriter.DataOf(wav)))).Final;

        Assert.Equal(fromWav.Text, fromRaw.Text);
        Assert.Equal(fromWav.AudioMs, fromRaw.AudioMs);
    }

    [Theory]
    [InlineData(44_100, 2)]
    [InlineData(48_000, 2)]
    [InlineData(22_050, 1)]
    public async Task WavAtOtherRatesAndStereoIsConvertedTo16kHzMonoAndTranscribed(int sampleRate, int channels)
    {
        var original = await clips.WavAsync(Sentence);
        var converted = await clips.WavAsync(Sentence, sampleRate, channels);

        var final = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(converted))).Final;

        var wer = WordErrorRate.Of(Sentence, final.Text);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"{sampleRate} Hz x {channels}: '{final.Text}' WER {wer:P0}"));
        Assert.InRange(final.AudioMs, (WavWriter.DataOf(original).Length / 32) - 2, (WavWriter.DataOf(original).Length / 32) + 2);
        Assert.True(wer <= 0.5, $"WER {wer:P0}: '{final.Text}'");
    }

    [Fact]
    public async Task TelephoneAudioAt8kHzIsAcceptedAndConvertedButTheWidebandModelHearsLittleOfIt()
    {
        var original = await clips.WavAsync(Sentence);
        var telephone = await clips.WavAsync(Sentence, 8_000, 1);

        var final = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(telephone))).Final;

        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"8000 Hz: '{final.Text}' WER {WordErrorRate.Of(Sentence, final.Text):P0}"));
        Assert.InRange(final.AudioMs, (WavWriter.DataOf(original).Length / 32) - 2, (WavWriter.DataOf(original).Length / 32) + 2);
    }

    [Theory]
    [InlineData("")]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("en-gb")]
    public async Task EnglishOrNoLanguageIsAccepted(string language)
    {
        var wav = await clips.WavAsync(Sentence);

        var final = (await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(wav, language))).Final;

        Assert.Contains("hospital", final.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilenceGivesAnEmptyFinalTranscript()
    {
        var silence = WavWriter.Pcm16(new short[16_000], 16_000, 1);

        var transcription = await Transcription.CollectAsync(shared.Server.Channel, Transcription.Wav(silence));

        Assert.Empty(transcription.Partials);
        Assert.Equal(string.Empty, transcription.Final.Text);
        Assert.Equal(1000, transcription.Final.AudioMs);
    }
}
