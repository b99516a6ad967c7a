namespace Platform.SttService.Recognition;

/// <summary>
/// 0.4 s of synthetic voiced sound (a 120 Hz pitch with vowel-like formants) for the warm-up decode: it makes the
/// decoder run its voice activity detection, acoustic scoring and search, so no caller pays those first-use costs;
/// longer sound only makes the warm-up, and so a restart, slower.
/// </summary>
internal static class WarmUpSpeech
{
    public static short[] Create()
    {
        const int rate = 16_000;
        var samples = new short[rate * 2 / 5];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / rate;
            var envelope = Math.Sin(Math.PI * i / samples.Length);
            var value = 0.0;
            for (var harmonic = 1; harmonic <= 30; harmonic++)
            {
                var frequency = 120.0 * harmonic;
                var formants = Resonance(frequency, 700) + Resonance(frequency, 1200) + (0.5 * Resonance(frequency, 2600));
                value += formants * Math.Sin(2 * Math.PI * frequency * t) / harmonic;
            }

            samples[i] = (short)Math.Clamp(4000 * envelope * value, short.MinValue, short.MaxValue);
        }

        return samples;
    }

    private static double Resonance(double frequency, double center) => 1 / (1 + Math.Pow((frequency - center) / 150, 2));
}
