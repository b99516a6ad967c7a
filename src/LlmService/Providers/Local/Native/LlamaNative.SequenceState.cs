using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// llama.cpp's per-sequence state API, which copies one sequence's KV cache cells out of the context and back in; the
/// prompt cache keeps a conversation's state this way between its turns. Both the npm and the NuGet builds export it.
/// </summary>
internal static unsafe partial class LlamaNative
{
    [LibraryImport(Llama, EntryPoint = "llama_state_seq_get_size")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint StateSequenceSize(nint context, int sequence);

    [LibraryImport(Llama, EntryPoint = "llama_state_seq_get_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint StateSequenceGet(nint context, byte* destination, nuint size, int sequence);

    /// <summary>Loads a state that <see cref="StateSequenceGet"/> wrote into an empty sequence; 0 when it could not.</summary>
    [LibraryImport(Llama, EntryPoint = "llama_state_seq_set_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint StateSequenceSet(nint context, byte* source, nuint size, int sequence);
}
