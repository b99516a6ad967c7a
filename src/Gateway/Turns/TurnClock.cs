using System.Diagnostics;

namespace Platform.Gateway.Turns;

/// <summary>
/// The moments of a turn that users feel, all measured from when the Gateway received the message (the
/// <see cref="Stopwatch"/> timestamp given), so the ownership check and the limits count as the user feels them.
/// </summary>
public sealed class TurnClock(long receivedAt)
{
    private readonly Lock gate = new();

    public TurnClock()
        : this(Stopwatch.GetTimestamp())
    {
    }

    public double? SttMs { get; private set; }

    public double? TtftMs { get; private set; }

    public double? FirstAudioMs { get; private set; }

    public double ElapsedMs => Stopwatch.GetElapsedTime(receivedAt).TotalMilliseconds;

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
