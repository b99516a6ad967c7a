using System.Numerics;

namespace Platform.TtsService.OpenAI;

/// <summary>
/// Converts mono PCM16 between sample rates by band-limited interpolation: each output sample is the input around
/// its position weighted by a Lanczos-windowed sinc, 8 lobes a side. The sinc's cutoff is the lower of the two
/// Nyquist frequencies, so upsampling (flite's 8 or 16 kHz and espeak-ng's 22,050 Hz to OpenAI's 24 kHz, the
/// common case) adds no mirror images above the voice's band, and downsampling folds nothing back into it. The
/// output is <c>input length × output rate / input rate</c> samples, rounded down.
/// </summary>
internal static class PcmResampler
{
    private const int Lobes = 8;

    public static short[] Resample(ReadOnlySpan<short> input, int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        // Output sample n sits at input position n × step / phases; that position's fraction repeats every
        // `phases` outputs, so one row of weights per fraction serves the whole signal.
        var divisor = (int)BigInteger.GreatestCommonDivisor(inputRate, outputRate);
        var step = inputRate / divisor;
        var phases = outputRate / divisor;
        var cutoff = Math.Min(1.0, (double)outputRate / inputRate);
        var reach = (int)Math.Ceiling(Lobes / cutoff);
        var taps = 2 * reach;
        var weights = Weights(phases, taps, reach, cutoff);

        var output = new short[(long)input.Length * outputRate / inputRate];
        for (var n = 0; n < output.Length; n++)
        {
            var position = (long)n * step;
            var before = (int)(position / phases);
            var row = weights.AsSpan((int)(position % phases) * taps, taps);
            var first = before - reach + 1;
            var sum = 0.0;
            for (var k = Math.Max(0, -first); k < taps && first + k < input.Length; k++)
            {
                sum += input[first + k] * row[k];
            }

            output[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return output;
    }

    /// <summary>
    /// For each phase, the weights of the <paramref name="taps"/> input samples around it, scaled to sum to one so a
    /// constant signal keeps its level.
    /// </summary>
    private static float[] Weights(int phases, int taps, int reach, double cutoff)
    {
        var weights = new float[phases * taps];
        var row = new double[taps];
        for (var phase = 0; phase < phases; phase++)
        {
            var total = 0.0;
            for (var k = 0; k < taps; k++)
            {
                var distance = ((double)phase / phases) + reach - 1 - k;
                row[k] = Sinc(cutoff * distance) * (Math.Abs(cutoff * distance) < Lobes ? Sinc(cutoff * distance / Lobes) : 0);
                total += row[k];
            }

            for (var k = 0; k < taps; k++)
            {
                weights[(phase * taps) + k] = (float)(row[k] / total);
            }
        }

        return weights;
    }

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
}
