using System.Diagnostics;

namespace Platform.Gateway.Turns;

/// <summary>The moments of a turn that users feel, all measured from when the Gateway accepted it.</summary>
public sealed class TurnClock
{
    private readonly long accepted = Stopwatch.GetTimestamp();
    private readonly Lock gate = new();

    public double? SttMs { get; private set; }

    public double? TtftMs { get; private set; }

    public double? FirstAudioMs { get; private set; }

    public double ElapsedMs => Stopwatch.GetElapsedTime(accepted).TotalMilliseconds;

    public void TranscriptFinished() => SttMs ??= ElapsedMs;

    /// <summary>Marks the first token; true only the first time.</summary>
    public bool FirstToken()
    {
        if (TtftMs is not null)
        {
            return false;
        }

        TtftMs = ElapsedMs;
        return true;
    }

    /// <summary>Marks the first audio; true only the first time.</summary>
    public bool FirstAudio()
    {
        lock (gate)
        {
            if (FirstAudioMs is not null)
            {
                return false;
            }

            FirstAudioMs = ElapsedMs;
            return true;
        }
    }
}
