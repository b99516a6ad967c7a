using Platform.SttService.VoiceActivity;

namespace Platform.SttService.Tests.VoiceActivity;

/// <summary>The endpointer's decisions on synthetic signals, sample-exact.</summary>
public sealed class EndpointerTests
{
    private static readonly EndpointerSettings Defaults = new(TrailingSilenceMilliseconds: 300, MinSpeechMilliseconds: 60, SpeechThresholdDbfs: -45, NoiseMarginDb: 12);

    [Fact]
    public void SilenceAndLowNoiseNeverStartSpeech()
    {
        var endpointer = new Endpointer(Defaults);

        var edges = endpointer.Add(Noise(16_000 * 3, amplitude: 100));

        Assert.Empty(edges);
        Assert.False(endpointer.InSpeech);
    }

    [Fact]
    public void ToneStartsSpeechWhereItBeganAndEndsItAfterTheTrailingSilence()
    {
        var endpointer = new Endpointer(Defaults);
        short[] signal = [.. new short[8000], .. Tone(16_000), .. new short[8000]];

        var edges = endpointer.Add(signal);

        Assert.Equal([new SpeechBoundary(SpeechEdge.Started, 8000), new SpeechBoundary(SpeechEdge.Ended, 24_000)], edges);
    }

    [Fact]
    public void AClickShorterThanTheMinimumSpeechIsNotSpeech()
    {
        var endpointer = new Endpointer(Defaults);
        short[] signal = [.. new short[8000], .. Tone(480), .. new short[8000]];

        Assert.Empty(endpointer.Add(signal));
    }

    [Fact]
    public void APauseShorterThanTheTrailingSilenceDoesNotEndSpeech()
    {
        var endpointer = new Endpointer(Defaults);
        short[] signal = [.. new short[1600], .. Tone(8000), .. new short[3200], .. Tone(8000)];

        var edges = endpointer.Add(signal);

        Assert.Equal([new SpeechBoundary(SpeechEdge.Started, 1600)], edges);
        Assert.True(endpointer.InSpeech);
    }

    [Fact]
    public void SamplesArrivingInOddPiecesGiveTheSameDecisionsAsOneBlock()
    {
        short[] signal = [.. new short[5000], .. Tone(9000), .. new short[7000]];
        var whole = new Endpointer(Defaults).Add(signal);
        var pieces = new Endpointer(Defaults);
        var edges = new List<SpeechBoundary>();

        for (var offset = 0; offset < signal.Length; offset += 333)
        {
            edges.AddRange(pieces.Add(signal.AsSpan(offset, Math.Min(333, signal.Length - offset))));
        }

        Assert.Equal(whole, edges);
        Assert.Equal(2, edges.Count);
    }

    [Fact]
    public void SpeechOverAHissingMicrophoneMustRiseAboveItsNoiseFloor()
    {
        var endpointer = new Endpointer(Defaults with { SpeechThresholdDbfs = -60 });
        var hiss = Noise(16_000, amplitude: 600);

        Assert.Empty(endpointer.Add(hiss));
        Assert.Single(endpointer.Add(Tone(4800)), edge => edge.Edge == SpeechEdge.Started);
    }

    private static short[] Tone(int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 220 * i / 16_000)))];

    private static short[] Noise(int samples, int amplitude)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, samples).Select(_ => (short)random.Next(-amplitude, amplitude + 1))];
    }
}
