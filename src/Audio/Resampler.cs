using System.Collections.Concurrent;

namespace Platform.Audio;

/// <summary>
/// Converts between two sample rates with a rational polyphase windowed-sinc filter. Its cutoff sits below the lower
/// of the two Nyquist frequencies, so downsampling (44.1 or 48 kHz to SttService's 16 kHz) does not fold high
/// frequencies into the speech band, and upsampling (a voice's 8, 16 or 22.05 kHz to OpenAI's 24 kHz PCM) adds no
/// mirror images above it. Filters are built once per rate pair and shared. The output is
/// <c>input length × output rate / input rate</c> samples, rounded down.
/// </summary>
public sealed class Resampler
{
    /// <summary>Zero crossings of the sinc on each side: sharper transition for more taps.</summary>
    private const int ZeroCrossings = 16;

    /// <summary>The passband as a share of the lower Nyquist frequency, leaving room for the transition band.</summary>
    private const double Passband = 0.92;

    private static readonly ConcurrentDictionary<(int, int), Resampler> Cache = new();

    private readonly int up;
    private readonly int down;
    private readonly int halfWidth;
    private readonly float[] phases;

    private Resampler(int inputRate, int outputRate)
    {
        var divisor = GreatestCommonDivisor(inputRate, outputRate);
        up = outputRate / divisor;
        down = inputRate / divisor;
        var cutoff = 0.5 * Math.Min(1.0, (double)outputRate / inputRate) * Passband;
        halfWidth = (int)Math.Ceiling(ZeroCrossings / (2 * cutoff));
        var taps = 2 * halfWidth;
        phases = new float[up * taps];
        for (var phase = 0; phase < up; phase++)
        {
            var row = phases.AsSpan(phase * taps, taps);
            var sum = 0.0;
            var values = new double[taps];
            for (var j = 0; j < taps; j++)
            {
                var distance = (double)phase / up + halfWidth - 1 - j;
                values[j] = Kernel(distance, cutoff, halfWidth);
                sum += values[j];
            }

            // Each phase sums to one, so a constant signal keeps its level whatever the phase.
            for (var j = 0; j < taps; j++)
            {
                row[j] = (float)(values[j] / sum);
            }
        }
    }

    public static Resampler For(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        return Cache.GetOrAdd((inputRate, outputRate), static key => new Resampler(key.Item1, key.Item2));
    }

    public float[] Process(ReadOnlySpan<float> input)
    {
        var outputLength = (int)((long)input.Length * up / down);
        var output = new float[outputLength];
        var taps = 2 * halfWidth;
        for (var n = 0; n < outputLength; n++)
        {
            var position = (long)n * down;
            var center = (int)(position / up);
            var row = phases.AsSpan((int)(position % up) * taps, taps);
            var first = center - halfWidth + 1;
            var from = Math.Max(0, -first);
            var to = Math.Min(taps, input.Length - first);
            var sum = 0f;
            for (var j = from; j < to; j++)
            {
                sum += input[first + j] * row[j];
            }

            output[n] = sum;
        }

        return output;
    }

    /// <summary>The same for 16-bit samples, clipped to their range where the filter's ringing overshoots full scale.</summary>
    public short[] Process(ReadOnlySpan<short> input)
    {
        var samples = new float[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            samples[i] = input[i];
        }

        var resampled = Process(samples);
        var output = new short[resampled.Length];
        for (var i = 0; i < resampled.Length; i++)
        {
            output[i] = (short)Math.Clamp(MathF.Round(resampled[i]), short.MinValue, short.MaxValue);
        }

        return output;
    }

    private static double Kernel(double distance, double cutoff, int halfWidth)
    {
        var x = distance / halfWidth;
        if (Math.Abs(x) >= 1)
        {
            return 0;
        }

        var blackman = 0.42 + (0.5 * Math.Cos(Math.PI * x)) + (0.08 * Math.Cos(2 * Math.PI * x));
        var argument = 2 * cutoff * distance;
        var sinc = Math.Abs(argument) < 1e-12 ? 1.0 : Math.Sin(Math.PI * argument) / (Math.PI * argument);
        return 2 * cutoff * sinc * blackman;
    }

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
