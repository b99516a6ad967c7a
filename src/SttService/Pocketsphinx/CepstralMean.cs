using System.Runtime.InteropServices;

namespace Platform.SttService.Pocketsphinx;

/// <summary>
/// The decoder's live cepstral mean normalization. pocketsphinx carries the mean it has learned from one utterance
/// into the next, which suits one speaker on one microphone but not a service whose calls come from different
/// people and channels: a call's transcript would depend on the calls decoded before it on the same decoder. So
/// the mean the model starts with (<c>-cmninit</c>) is kept at load and restored before every utterance.
/// </summary>
internal sealed unsafe class CepstralMean
{
    // Offsets in sphinxbase 5prealpha's public structs (sphinxbase/feat.h and cmn.h, x86-64):
    // feat_t.cepsize follows refcount and name; feat_t.cmn_struct follows compute_feat; cmn_t.veclen ends cmn_t.
    private const int FeatureCepstrumSizeOffset = 16;
    private const int FeatureCmnOffset = 88;
    private const int CmnVectorLengthOffset = 28;

    private readonly nint cmn;
    private readonly float[] initial;

    private CepstralMean(nint cmn, float[] initial)
    {
        this.cmn = cmn;
        this.initial = initial;
    }

    public static CepstralMean Capture(nint decoder)
    {
        var feature = PocketsphinxNative.GetFeature(decoder);
        if (feature == 0)
        {
            throw new InvalidOperationException("The pocketsphinx decoder has no feature computation.");
        }

        var cepstrumSize = Marshal.ReadInt32(feature, FeatureCepstrumSizeOffset);
        var cmn = Marshal.ReadIntPtr(feature, FeatureCmnOffset);
        // A layout other than the one above shows as a mismatch here, and the service refuses to start.
        if (cmn == 0 || cepstrumSize is < 1 or > 64 || Marshal.ReadInt32(cmn, CmnVectorLengthOffset) != cepstrumSize)
        {
            throw new InvalidOperationException(
                "This libsphinxbase's feat_t/cmn_t layout is not the one of sphinxbase 5prealpha that the service was built against.");
        }

        var initial = new float[cepstrumSize];
        fixed (float* mean = initial)
        {
            PocketsphinxNative.GetLiveMean(cmn, mean);
        }

        return new CepstralMean(cmn, initial);
    }

    public void Restore()
    {
        fixed (float* mean = initial)
        {
            PocketsphinxNative.SetLiveMean(cmn, mean);
        }
    }
}
