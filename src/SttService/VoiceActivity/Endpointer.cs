namespace Platform.SttService.VoiceActivity;

/// <summary>
/// Voice activity detection on 16 kHz PCM16, frame by 10 ms frame, for one stream of audio. The level of each frame
/// is compared with a fixed threshold and with a noise floor that follows the quiet frames, so a hissing microphone
/// does not count as speech. Samples that do not fill a frame wait for the next call.
/// </summary>
public sealed class Endpointer(EndpointerSettings settings)
{
    public const int FrameSamples = 160;
    private const double FloorRise = 0.02;

    private readonly int startFrames = Math.Max(1, settings.MinSpeechMilliseconds / 10);
    private readonly int endFrames = Math.Max(1, settings.TrailingSilenceMilliseconds / 10);
    private readonly short[] carry = new short[FrameSamples];
    private int carried;
    private long frames;
    private int voicedRun;
    private int silentRun;
    private double noiseFloor = double.NaN;
    private bool heardSpeech;

    public bool InSpeech { get; private set; }

    /// <summary>Samples of silence since the last voiced frame, once speech has started; 0 before any speech and while it lasts.</summary>
    public long SilenceSamples => heardSpeech ? (long)silentRun * FrameSamples : 0;

    /// <summary>The edges these samples complete, in order.</summary>
    public IReadOnlyList<SpeechBoundary> Add(ReadOnlySpan<short> samples)
    {
        var edges = new List<SpeechBoundary>();
        if (carried > 0)
        {
            var take = Math.Min(FrameSamples - carried, samples.Length);
            samples[..take].CopyTo(carry.AsSpan(carried));
            carried += take;
            samples = samples[take..];
            if (carried < FrameSamples)
            {
                return edges;
            }

            Frame(carry, edges);
            carried = 0;
        }

        while (samples.Length >= FrameSamples)
        {
            Frame(samples[..FrameSamples], edges);
            samples = samples[FrameSamples..];
        }

        samples.CopyTo(carry);
        carried = samples.Length;
        return edges;
    }

    /// <summary>The level of a frame in dB relative to full scale; digital silence is -100.</summary>
    public static double Level(ReadOnlySpan<short> frame)
    {
        double sum = 0;
        foreach (var sample in frame)
        {
            sum += (double)sample * sample;
        }

        var rms = Math.Sqrt(sum / Math.Max(1, frame.Length));
        return rms < 1 ? -100 : 20 * Math.Log10(rms / short.MaxValue);
    }

    private void Frame(ReadOnlySpan<short> frame, List<SpeechBoundary> edges)
    {
        var level = Level(frame);
        if (double.IsNaN(noiseFloor))
        {
            // The first frame is taken for the microphone's noise; speech that starts with it lowers the floor soon after.
            noiseFloor = level;
        }

        var voiced = level > settings.SpeechThresholdDbfs && level > noiseFloor + settings.NoiseMarginDb;
        if (!voiced && !InSpeech)
        {
            // The floor drops at once to a quieter frame and rises slowly, so speech cannot lift it.
            noiseFloor = level < noiseFloor ? level : noiseFloor + ((level - noiseFloor) * FloorRise);
        }

        frames++;
        if (voiced)
        {
            voicedRun++;
            silentRun = 0;
            if (!InSpeech && voicedRun >= startFrames)
            {
                InSpeech = true;
                heardSpeech = true;
                edges.Add(new SpeechBoundary(SpeechEdge.Started, (frames - voicedRun) * FrameSamples));
            }
        }
        else
        {
            voicedRun = 0;
            silentRun++;
            if (InSpeech && silentRun >= endFrames)
            {
                InSpeech = false;
                edges.Add(new SpeechBoundary(SpeechEdge.Ended, (frames - silentRun) * FrameSamples));
            }
        }
    }
}
