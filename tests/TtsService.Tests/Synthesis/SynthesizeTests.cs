using System.Globalization;
using Platform.Contracts.Tts;

namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Synthesize over gRPC on the real flite and espeak-ng libraries.</summary>
public sealed class SynthesizeTests(SharedTtsServer shared)
{
    [Fact]
    public async Task FirstChunkOfALongPassageArrivesLongBeforeItsSynthesisEnds()
    {
        var speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Passage));

        var first = speech.Chunks[0].Arrived;
        var last = speech.Chunks[^1].Arrived;
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"{Texts.Passage.Length} characters: first chunk after {first.TotalMilliseconds:0.0} ms, last after {last.TotalMilliseconds:0.0} ms, " +
            $"{speech.Duration.TotalSeconds:0.0} s of audio in {speech.Chunks.Count} chunks ({speech.Duration / last:0}x real time)"));
        Assert.True(speech.Duration > TimeSpan.FromSeconds(60), $"{speech.Duration} of audio");
        // Buffered audio would arrive all at once at the end; other tests may hold the engine for a while, so only
        // the first half of the call's time is asked of the first chunk.
        Assert.True(first * 2 < last, $"first chunk after {first}, last after {last}");
    }

    [Fact]
    public async Task FliteChunksAreInOrderHundredMillisecondPcm16At16kHzWithOnlyTheLastMarkedLast()
    {
        var speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Sentence));

        var chunks = speech.Chunks.Select(c => c.Chunk).ToList();
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
        Assert.All(chunks, c => Assert.Equal(16_000, c.SampleRate));
        Assert.All(chunks[..^1], c => Assert.False(c.Last));
        Assert.True(chunks[^1].Last);
        Assert.All(chunks[..^1], c => Assert.Equal(3200, c.Pcm.Length));
        Assert.InRange(chunks[^1].Pcm.Length, 2, 3200);
        Assert.True(chunks[^1].Pcm.Length % 2 == 0);
        AssertSpeechLike(speech, Texts.Sentence);
    }

    [Theory]
    [InlineData("de", "")]
    [InlineData("", "espeak-ng/de")]
    [InlineData("de-AT", "")]
    public async Task EspeakNgSpeaksGermanAt22050Hz(string language, string voice)
    {
        var speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.German, voice, language));

        Assert.All(speech.Chunks, c => Assert.Equal(22_050, c.Chunk.SampleRate));
        Assert.All(speech.Chunks.SkipLast(1), c => Assert.Equal(4410, c.Chunk.Pcm.Length));
        Assert.True(speech.Chunks[^1].Chunk.Last);
        AssertSpeechLike(speech, Texts.German);
    }

    [Theory]
    [InlineData("slt")]
    [InlineData("rms")]
    [InlineData("awb")]
    [InlineData("kal16")]
    public async Task EveryFliteVoiceSpeaksAt16kHz(string voice)
    {
        var speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Sentence, voice));

        Assert.All(speech.Chunks, c => Assert.Equal(16_000, c.Chunk.SampleRate));
        AssertSpeechLike(speech, Texts.Sentence);
    }

    [Fact]
    public async Task DifferentFliteVoicesSoundDifferent()
    {
        var slt = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Sentence, "slt"));
        var kal = await Speech.CollectAsync(shared.Server.Channel, Speech.Request(Texts.Sentence, "kal16"));

        Assert.NotEqual(slt.Samples.Length, kal.Samples.Length);
    }

    [Fact]
    public async Task TextThatSaysNothingStillEndsWithALastChunk()
    {
        var speech = await Speech.CollectAsync(shared.Server.Channel, Speech.Request("...", language: "de"));

        Assert.True(speech.Chunks[^1].Chunk.Last);
        Assert.Equal(Enumerable.Range(0, speech.Chunks.Count), speech.Chunks.Select(c => c.Chunk.Index));
    }

    [Fact]
    public async Task UnspecifiedFormatMeansPcm16()
    {
        var request = Speech.Request("Hello.");
        request.Format = AudioFormat.Unspecified;

        var speech = await Speech.CollectAsync(shared.Server.Channel, request);

        Assert.True(speech.Samples.Length > 1600);
    }

    /// <summary>Speech at a normal pace (roughly 50 to 400 ms a word) and level, neither silence nor clipped noise.</summary>
    private static void AssertSpeechLike(Speech speech, string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var perWord = speech.Duration / words;
        Assert.InRange(perWord, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400));
        var samples = speech.Samples;
        var rms = Speech.Rms(samples);
        Assert.InRange(rms, 200, 12_000);
        var clipped = samples.Count(s => s is short.MaxValue or short.MinValue);
        Assert.True(clipped < samples.Length / 100, $"{clipped} of {samples.Length} samples clipped");
    }
}
