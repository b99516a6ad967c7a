using System.Buffers.Binary;
using Platform.TtsService.Tests.Synthesis;

namespace Platform.TtsService.Tests.OpenAI;

/// <summary>Mono PCM16 audio as a client plays it: its samples at the rate it is played at.</summary>
public sealed record SpokenAudio(short[] Samples, int SampleRate)
{
    private const int LowestPitch = 60;
    private const int HighestPitch = 400;

    public double Seconds => (double)Samples.Length / SampleRate;

    /// <summary>
    /// The median fundamental frequency of the voiced frames: 40 ms frames every 10 ms, the loud ones (RMS above a
    /// quarter of the loudest) whose normalized autocorrelation peaks above 0.6 at a period of 60 to 400 Hz. Audio
    /// played faster, as a tape, raises it by the same factor; a faster speaking rate leaves it where it was.
    /// </summary>
    public double Pitch
    {
        get
        {
            var frame = SampleRate * 40 / 1000;
            var hop = SampleRate * 10 / 1000;
            var starts = Enumerable.Range(0, Math.Max(0, (Samples.Length - frame) / hop)).Select(i => i * hop).ToList();
            var loudest = starts.Max(start => Speech.Rms(Samples.AsSpan(start, frame)));
            var pitches = starts.Where(start => Speech.Rms(Samples.AsSpan(start, frame)) > loudest / 4)
                .Select(start => PeriodOf(Samples.AsSpan(start, frame)))
                .OfType<int>()
                .Select(period => (double)SampleRate / period)
                .Order()
                .ToList();
            Assert.True(pitches.Count >= 10, $"Only {pitches.Count} voiced frames in {Seconds:0.00} s of audio.");
            return pitches[pitches.Count / 2];
        }
    }

    public static SpokenAudio FromWav(byte[] wav)
    {
        Assert.True(wav.Length >= 44 && wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) && wav.AsSpan(8, 4).SequenceEqual("WAVE"u8), "The answer is not a WAV file.");
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)));
        return FromPcm(wav.AsSpan(44), BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24)));
    }

    public static SpokenAudio FromPcm(ReadOnlySpan<byte> pcm, int sampleRate)
    {
        var samples = new short[pcm.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm[(i * 2)..]);
        }

        return new SpokenAudio(samples, sampleRate);
    }

    /// <summary>
    /// The shortest lag whose autocorrelation is within 10% of the strongest, so a frame is not read an octave low
    /// where two periods correlate as well as one; null for a frame that is not periodic.
    /// </summary>
    private int? PeriodOf(ReadOnlySpan<short> samples)
    {
        var shortest = SampleRate / HighestPitch;
        var longest = SampleRate / LowestPitch;
        var correlations = new double[longest + 1];
        for (var lag = shortest; lag <= longest; lag++)
        {
            double product = 0, early = 0, late = 0;
            for (var i = 0; i + lag < samples.Length; i++)
            {
                product += samples[i] * (double)samples[i + lag];
                early += samples[i] * (double)samples[i];
                late += samples[i + lag] * (double)samples[i + lag];
            }

            correlations[lag] = early > 0 && late > 0 ? product / Math.Sqrt(early * late) : 0;
        }

        var strongest = correlations.Max();
        if (strongest < 0.6)
        {
            return null;
        }

        for (var lag = shortest + 1; lag < longest; lag++)
        {
            if (correlations[lag] >= strongest * 0.9 && correlations[lag] >= correlations[lag - 1] && correlations[lag] >= correlations[lag + 1])
            {
                return lag;
            }
        }

        return Array.IndexOf(correlations, strongest);
    }
}
