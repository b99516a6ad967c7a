namespace Platform.SttService.Audio;

/// <summary>How much audio one call may bring.</summary>
public sealed record AudioLimits(int MaxBytes, TimeSpan MaxDuration)
{
    public static AudioLimits From(SttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AudioLimits(options.MaxAudioBytes, TimeSpan.FromSeconds(options.MaxAudioSeconds));
    }
}
