using System.Runtime.InteropServices;

namespace Platform.TtsService.Engines.Flite;

/// <summary><c>cst_wave</c> (cst_wave.h): the utterance's wave buffer, which a streaming callback reads a window of.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FliteWave
{
    public nint Type;
    public int SampleRate;
    public int SampleCount;
    public int ChannelCount;
    public short* Samples;
}
