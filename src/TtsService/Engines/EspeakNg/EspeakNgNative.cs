using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.TtsService.Engines.EspeakNg;

/// <summary>The part of the espeak-ng 1.51 C API (Debian's libespeak-ng1) that synthesis uses, as declared in speak_lib.h.</summary>
internal static unsafe partial class EspeakNgNative
{
    private const string Library = "libespeak-ng.so.1";

    /// <summary><c>AUDIO_OUTPUT_SYNCHRONOUS</c>: espeak_Synth returns when done, calling back on the caller's thread.</summary>
    public const int SynchronousOutput = 2;

    /// <summary><c>espeakINITIALIZE_DONT_EXIT</c>: report a missing data folder instead of exiting the process.</summary>
    public const int DontExit = 0x8000;

    /// <summary><c>POS_CHARACTER</c>.</summary>
    public const int CharacterPosition = 1;

    /// <summary><c>espeakCHARS_UTF8</c>; without <c>espeakSSML</c>, markup in the text is read as text.</summary>
    public const uint Utf8Text = 1;

    /// <summary><c>espeakRATE</c>: the speaking rate in words per minute.</summary>
    public const int RateParameter = 1;

    /// <summary><c>espeakRATE_MINIMUM</c>: espeak-ng speaks no slower than this, whatever it is asked.</summary>
    public const int MinimumRate = 80;

    /// <summary>What the synth callback returns: 0 continues, 1 aborts the synthesis.</summary>
    public const int Continue = 0;
    public const int Abort = 1;

    /// <summary><c>int espeak_Initialize(espeak_AUDIO_OUTPUT, int buflength, const char *path, int options)</c>: the sample rate, or -1.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_Initialize", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Initialize(int output, int bufferMilliseconds, string? path, int options);

    /// <summary><c>void espeak_SetSynthCallback(int (*)(short *wav, int numsamples, espeak_EVENT *events))</c>.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_SetSynthCallback")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, nint, int> callback);

    /// <summary><c>const espeak_VOICE **espeak_ListVoices(espeak_VOICE *voice_spec)</c>: NULL-terminated; NULL spec lists all.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_ListVoices")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial EspeakNgVoice** ListVoices(EspeakNgVoice* specification);

    [LibraryImport(Library, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetVoiceByName(string name);

    /// <summary><c>espeak_ERROR espeak_SetParameter(espeak_PARAMETER parameter, int value, int relative)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_SetParameter")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetParameter(int parameter, int value, int relative);

    /// <summary><c>int espeak_GetParameter(espeak_PARAMETER parameter, int current)</c>: with current 0, the default value.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_GetParameter")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int GetParameter(int parameter, int current);

    /// <summary><c>espeak_ERROR espeak_Synth(const void *text, size_t size, unsigned position, espeak_POSITION_TYPE, unsigned end_position, unsigned flags, unsigned *unique_identifier, void *user_data)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "espeak_Synth")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, nint userData);

    [LibraryImport(Library, EntryPoint = "espeak_Terminate")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Terminate();
}
