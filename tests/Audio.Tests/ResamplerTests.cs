namespace Platform.Audio.Tests;

/// <summary>Float samples to SttService's 16 kHz: what recognition hears of 8 to 48 kHz uploads.</summary>
public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44_100)]
    [InlineData(48_000)]
    [InlineData(22_050)]
    [InlineData(8_000)]
    public void ToneInTheSpeechBandKeepsItsFrequencyAndLevel(int inputRate)
    {
        var input = Tone(1000, inputRate, seconds: 1);

        var output = Resampler.For(inputRate, 16_000).Process(input);

        Assert.InRange(output.Length, 15_999, 16_000);
        var reference = Tone(1000, 16_000, seconds: 1);
        var middle = new Range(1000, 15_000);
        Assert.InRange(Rms(output.AsSpan(middle)) / Rms(reference.AsSpan(middle)), 0.98, 1.02);
        Assert.InRange(Correlation(output.AsSpan(middle), reference.AsSpan(middle)), 0.99, 1.0001);
    }

    [Theory]
    [InlineData(44_100, 10_000)]
    [InlineData(48_000, 12_000)]
    [InlineData(48_000, 8_800)]
    public void ToneAboveTheNewNyquistFrequencyIsFilteredOutInsteadOfFoldingIntoSpeech(int inputRate, int frequency)
    {
        var input = Tone(frequency, inputRate, seconds: 1);

        var output = Resampler.For(inputRate, 16_000).Process(input);

        var attenuation = Rms(output.AsSpan(1000, 14_000)) / Rms(input);
        Assert.True(attenuation < 0.01, $"{frequency} Hz came through at {attenuation:P2} of its level (aliased to {16_000 - frequency} Hz)");
    }

    [Fact]
    public void ConstantSignalKeepsItsLevel()
    {
        var input = Enumerable.Repeat(1234f, 44_100).ToArray();

        var output = Resampler.For(44_100, 16_000).Process(input);

        Assert.All(output.AsSpan(100, 15_000).ToArray(), sample => Assert.InRange(sample, 1233.5f, 1234.5f));
    }

    private static float[] Tone(double frequency, int rate, double seconds) =>
        [.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(10_000 * Math.Sin(2 * Math.PI * frequency * i / rate)))];

    private static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    private static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }

        return ab / Math.Sqrt(aa * bb);
    }
}
