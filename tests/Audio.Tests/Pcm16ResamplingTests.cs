namespace Platform.Audio.Tests;

/// <summary>16-bit samples to OpenAI's 24 kHz PCM: what TtsService's voices sound like to an OpenAI client.</summary>
public sealed class Pcm16ResamplingTests
{
    [Theory]
    [InlineData(16_000, 24_000)]
    [InlineData(22_050, 24_000)]
    [InlineData(8_000, 24_000)]
    [InlineData(48_000, 24_000)]
    public void OneSecondStaysOneSecondAtTheNewRate(int inputRate, int outputRate)
    {
        var output = Resampler.For(inputRate, outputRate).Process(Tone(440, inputRate, seconds: 1));

        Assert.Equal(outputRate, output.Length);
    }

    [Theory]
    [InlineData(16_000, 440)]
    [InlineData(16_000, 3_000)]
    [InlineData(22_050, 440)]
    [InlineData(22_050, 7_000)]
    [InlineData(8_000, 1_000)]
    public void ToneKeepsItsFrequencyAndLevelAt24Kilohertz(int inputRate, int frequency)
    {
        var input = Tone(frequency, inputRate, seconds: 1);

        var output = Resampler.For(inputRate, 24_000).Process(input);

        var middle = new Range(1_000, 23_000);
        var seconds = (middle.End.Value - middle.Start.Value) / 24_000.0;
        Assert.InRange(ZeroCrossings(output.AsSpan(middle)) / 2 / seconds, frequency * 0.99, frequency * 1.01);
        Assert.InRange(Rms(output.AsSpan(middle)) / Rms(input), 0.97, 1.03);
    }

    [Fact]
    public void ToneAboveTheNewNyquistFrequencyIsFilteredOutWhenDownsampling()
    {
        var input = Tone(15_000, 48_000, seconds: 1);

        var output = Resampler.For(48_000, 24_000).Process(input);

        Assert.True(Rms(output.AsSpan(1_000, 22_000)) < Rms(input) / 100, "15 kHz folded back to 9 kHz instead of being filtered out.");
    }

    [Fact]
    public void FullScaleSquareWaveIsClippedInsteadOfWrappingAround()
    {
        var input = Enumerable.Range(0, 16_000).Select(i => i / 40 % 2 == 0 ? short.MaxValue : short.MinValue).ToArray();

        var output = Resampler.For(16_000, 24_000).Process(input);

        // Away from each edge, whose overshoot passes full scale and would wrap round to the other sign unless clipped.
        var steady = Enumerable.Range(100, output.Length - 200).Where(i => i * 2 / 3 % 40 is > 3 and < 36).ToList();
        Assert.All(steady, i => Assert.True(output[i] * (double)input[i * 2 / 3] > short.MaxValue * (double)short.MaxValue / 2, $"Sample {i} is {output[i]} where the input is {input[i * 2 / 3]}."));
    }


    private static short[] Tone(double frequency, int rate, double seconds) =>
        [.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)Math.Round(10_000 * Math.Sin(2 * Math.PI * frequency * i / rate)))];

    private static int ZeroCrossings(ReadOnlySpan<short> samples)
    {
        var crossings = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            if (samples[i - 1] < 0 != samples[i] < 0)
            {
                crossings++;
            }
        }

        return crossings;
    }

    private static double Rms(ReadOnlySpan<short> samples)
    {
        var sum = 0.0;
        foreach (var sample in samples)
        {
            sum += sample * (double)sample;
        }

        return Math.Sqrt(sum / samples.Length);
    }
}
