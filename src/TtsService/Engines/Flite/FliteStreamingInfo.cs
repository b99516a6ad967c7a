using System.Runtime.InteropServices;

namespace Platform.TtsService.Engines.Flite;

/// <summary><c>cst_audio_streaming_info</c> (cst_audio.h): the callback flite calls with each block of synthesized wave.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FliteStreamingInfo
{
    /// <summary>Samples flite accumulates before each callback.</summary>
    public int MinimumBufferSize;

    /// <summary><c>int (*asc)(const cst_wave *w, int start, int size, int last, cst_audio_streaming_info *asi)</c>.</summary>
    public delegate* unmanaged[Cdecl]<FliteWave*, int, int, int, FliteStreamingInfo*, int> Callback;

    public nint Utterance;
    public nint Item;
    public nint UserData;
}
