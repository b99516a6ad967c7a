using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// The llama.cpp C API (commit c0c7e147, as shipped by NuGet <c>LLamaSharp.Backend.Cpu</c> 0.30.0) that the local
/// provider uses. <see cref="LlamaLibrary"/> maps the library names to the files of the configured folder.
/// </summary>
internal static unsafe partial class LlamaNative
{
    public const string Llama = "llama";

    /// <summary><c>LLAMA_DEFAULT_SEED</c>: the dist sampler then seeds itself randomly.</summary>
    public const uint RandomSeed = 0xFFFFFFFF;

    [LibraryImport(Llama, EntryPoint = "llama_log_set")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetLog(delegate* unmanaged[Cdecl]<int, byte*, void*, void> callback, void* userData);

    [LibraryImport(Llama, EntryPoint = "llama_backend_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void BackendInit();

    [LibraryImport(Llama, EntryPoint = "llama_model_default_params")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial LlamaModelParams ModelDefaultParams();

    [LibraryImport(Llama, EntryPoint = "llama_context_default_params")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial LlamaContextParams ContextDefaultParams();

    [LibraryImport(Llama, EntryPoint = "llama_model_load_from_file", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint ModelLoadFromFile(string path, LlamaModelParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_model_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void ModelFree(nint model);

    [LibraryImport(Llama, EntryPoint = "llama_model_get_vocab")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint ModelGetVocab(nint model);

    [LibraryImport(Llama, EntryPoint = "llama_model_n_ctx_train")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModelTrainingContext(nint model);

    [LibraryImport(Llama, EntryPoint = "llama_model_n_params")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial ulong ModelParameterCount(nint model);

    [LibraryImport(Llama, EntryPoint = "llama_model_desc")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModelDescription(nint model, byte* buffer, nuint size);

    [LibraryImport(Llama, EntryPoint = "llama_model_meta_val_str", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ModelMetadata(nint model, string key, byte* buffer, nuint size);

    [LibraryImport(Llama, EntryPoint = "llama_model_chat_template")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* ModelChatTemplate(nint model, byte* name);

    [LibraryImport(Llama, EntryPoint = "llama_chat_apply_template")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ChatApplyTemplate(byte* template, LlamaChatMessage* messages, nuint count, [MarshalAs(UnmanagedType.U1)] bool addAssistant, byte* buffer, int length);

    [LibraryImport(Llama, EntryPoint = "llama_tokenize")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Tokenize(nint vocab, byte* text, int textLength, int* tokens, int maxTokens, [MarshalAs(UnmanagedType.U1)] bool addSpecial, [MarshalAs(UnmanagedType.U1)] bool parseSpecial);

    [LibraryImport(Llama, EntryPoint = "llama_token_to_piece")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int TokenToPiece(nint vocab, int token, byte* buffer, int length, int leftStrip, [MarshalAs(UnmanagedType.U1)] bool special);

    [LibraryImport(Llama, EntryPoint = "llama_vocab_is_eog")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool VocabIsEndOfGeneration(nint vocab, int token);

    [LibraryImport(Llama, EntryPoint = "llama_init_from_model")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint InitFromModel(nint model, LlamaContextParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void ContextFree(nint context);

    [LibraryImport(Llama, EntryPoint = "llama_n_ctx_seq")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial uint SequenceContextSize(nint context);

    [LibraryImport(Llama, EntryPoint = "llama_n_batch")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial uint BatchSize(nint context);

    [LibraryImport(Llama, EntryPoint = "llama_get_memory")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint GetMemory(nint context);

    [LibraryImport(Llama, EntryPoint = "llama_memory_seq_rm")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MemorySequenceRemove(nint memory, int sequence, int from, int to);

    [LibraryImport(Llama, EntryPoint = "llama_batch_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial LlamaBatch BatchInit(int tokenCapacity, int embeddings, int maxSequencesPerToken);

    [LibraryImport(Llama, EntryPoint = "llama_batch_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void BatchFree(LlamaBatch batch);

    /// <summary>
    /// Between the operations of a decode, llama.cpp asks <paramref name="callback"/> whether to stop; a stopped decode
    /// returns 2 and removes what it had put in the KV cache, so the same batch can be decoded again.
    /// </summary>
    [LibraryImport(Llama, EntryPoint = "llama_set_abort_callback")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SetAbortCallback(nint context, delegate* unmanaged[Cdecl]<void*, byte> callback, void* data);

    [LibraryImport(Llama, EntryPoint = "llama_decode")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Decode(nint context, LlamaBatch batch);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_chain_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerChainInit(LlamaSamplerChainParams parameters);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_chain_add")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SamplerChainAdd(nint chain, nint sampler);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_greedy")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerGreedy();

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_dist")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerDistribution(uint seed);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_top_k")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerTopK(int k);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_top_p")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerTopP(float p, nuint minKeep);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_init_temp")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint SamplerTemperature(float temperature);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_sample")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int SamplerSample(nint sampler, nint context, int index);

    [LibraryImport(Llama, EntryPoint = "llama_sampler_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void SamplerFree(nint sampler);
}
