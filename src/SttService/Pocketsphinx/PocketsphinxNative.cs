using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.SttService.Pocketsphinx;

/// <summary>
/// The part of the pocketsphinx 5prealpha C API (Debian's libpocketsphinx3 and libsphinxbase3) that decoding uses,
/// as declared in pocketsphinx.h, sphinxbase/cmd_ln.h and sphinxbase/err.h.
/// </summary>
internal static unsafe partial class PocketsphinxNative
{
    private const string Pocketsphinx = "libpocketsphinx.so.3";
    private const string Sphinxbase = "libsphinxbase.so.3";

    /// <summary><c>arg_t const *ps_args(void)</c>: the definitions every decoder configuration is parsed against.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_args")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint Arguments();

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint Init(nint config);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Free(nint decoder);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_start_utt")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int StartUtterance(nint decoder);

    /// <summary><c>int ps_process_raw(ps_decoder_t *, int16 const *, size_t, int no_search, int full_utt)</c>.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_process_raw")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ProcessRaw(nint decoder, short* samples, nuint count, int noSearch, int fullUtterance);

    [LibraryImport(Pocketsphinx, EntryPoint = "ps_end_utt")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int EndUtterance(nint decoder);

    /// <summary><c>char const *ps_get_hyp(ps_decoder_t *, int32 *out_best_score)</c>: owned by the decoder, valid until its next call.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_get_hyp")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* GetHypothesis(nint decoder, int* bestScore);

    /// <summary><c>feat_t *ps_get_feat(ps_decoder_t *)</c>: the decoder's feature computation, owned by the decoder.</summary>
    [LibraryImport(Pocketsphinx, EntryPoint = "ps_get_feat")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint GetFeature(nint decoder);

    /// <summary><c>void cmn_live_get(cmn_t *, mfcc_t *vec)</c>: copies the live cepstral mean (veclen floats).</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "cmn_live_get")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void GetLiveMean(nint cmn, float* mean);

    /// <summary><c>void cmn_live_set(cmn_t *, mfcc_t const *vec)</c>: replaces the live cepstral mean and its history.</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "cmn_live_set")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetLiveMean(nint cmn, float* mean);

    /// <summary><c>cmd_ln_t *cmd_ln_parse_r(cmd_ln_t *, arg_t const *, int32 argc, char *argv[], int32 strict)</c>.</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "cmd_ln_parse_r")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint ParseArguments(nint previous, nint definitions, int count, byte** arguments, int strict);

    [LibraryImport(Sphinxbase, EntryPoint = "cmd_ln_free_r")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int FreeArguments(nint config);

    /// <summary><c>void err_set_logfp(FILE *)</c>; NULL turns sphinxbase's log off.</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "err_set_logfp")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetLogStream(nint stream);

    /// <summary><c>int err_set_logfile(const char *path)</c>: appends the log to a file; &lt;0 when it cannot be opened.</summary>
    [LibraryImport(Sphinxbase, EntryPoint = "err_set_logfile", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SetLogFile(string path);
}
