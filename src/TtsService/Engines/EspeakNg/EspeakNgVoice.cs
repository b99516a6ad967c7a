using System.Runtime.InteropServices;

namespace Platform.TtsService.Engines.EspeakNg;

/// <summary><c>espeak_VOICE</c> (speak_lib.h): 40 bytes on x86-64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EspeakNgVoice
{
    public byte* Name;

    /// <summary>Pairs of a priority byte and a NUL-terminated language tag, ended by a zero priority byte.</summary>
    public byte* Languages;

    /// <summary>The voice file's path within espeak-ng-data/voices, such as <c>gmw/de</c>.</summary>
    public byte* Identifier;

    public byte Gender;
    public byte Age;
    public byte Variant;
    public byte Reserved;
    public int Score;
    public nint Spare;
}
