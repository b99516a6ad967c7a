using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.TtsService.Engines.Flite;

/// <summary>The part of the flite 2.2 C API (Debian's libflite1) that synthesis uses, as declared in flite.h and cst_audio.h.</summary>
internal static unsafe partial class FliteNative
{
    public const string Library = "libflite.so.1";

    /// <summary>What a streaming callback returns: CST_AUDIO_STREAM_CONT and CST_AUDIO_STREAM_STOP.</summary>
    public const int Continue = 0;
    public const int Stop = -1;

    [LibraryImport(Library, EntryPoint = "flite_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Init();

    /// <summary><c>float flite_text_to_speech(const char *text, cst_voice *voice, const char *outtype)</c>: seconds of audio.</summary>
    [LibraryImport(Library, EntryPoint = "flite_text_to_speech", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial float TextToSpeech(string text, nint voice, string outputType);

    [LibraryImport(Library, EntryPoint = "new_audio_streaming_info")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial FliteStreamingInfo* NewStreamingInfo();

    /// <summary>Wraps streaming info in a <c>cst_val</c>, which then owns it.</summary>
    [LibraryImport(Library, EntryPoint = "audio_streaming_info_val")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint StreamingInfoValue(FliteStreamingInfo* info);

    /// <summary>
    /// <c>void flite_feat_set(cst_features *f, const char *name, const cst_val *v)</c>. flite keeps the name pointer
    /// rather than a copy, so the name must be native memory that lives as long as the features.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "flite_feat_set")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetFeature(nint features, nint name, nint value);

    /// <summary><c>void flite_feat_set_float(cst_features *f, const char *name, float v)</c>; the name is kept as in <see cref="SetFeature"/>.</summary>
    [LibraryImport(Library, EntryPoint = "flite_feat_set_float")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetFloatFeature(nint features, nint name, float value);

    /// <summary><c>float flite_get_param_float(const cst_features *f, const char *name, float def)</c>: <paramref name="fallback"/> when unset.</summary>
    [LibraryImport(Library, EntryPoint = "flite_get_param_float")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial float GetFloatFeature(nint features, nint name, float fallback);
}
