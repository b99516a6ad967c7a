using System.Runtime.InteropServices;
using System.Text;
using Platform.LlmService.Providers.Local.Native;

namespace Platform.LlmService.Providers.Local;

/// <summary>A GGUF model loaded by llama.cpp, with its vocabulary: tokenizing, detokenizing and chat templates.</summary>
internal sealed unsafe class LlamaModel : IDisposable
{
    private nint handle;

    private LlamaModel(nint handle)
    {
        this.handle = handle;
        Vocabulary = LlamaNative.ModelGetVocab(handle);
        var template = LlamaNative.ModelChatTemplate(handle, null);
        ChatTemplate = template is null ? null : Marshal.PtrToStringUTF8((nint)template);
        TrainingContext = LlamaNative.ModelTrainingContext(handle);
        ParameterCount = LlamaNative.ModelParameterCount(handle);
        Architecture = ReadString((buffer, size) => LlamaNative.ModelDescription(handle, (byte*)buffer, size)) ?? "unknown";
        Name = ReadString((buffer, size) => LlamaNative.ModelMetadata(handle, "general.name", (byte*)buffer, size));
    }

    public nint Handle => handle;

    public nint Vocabulary { get; }

    /// <summary>The Jinja chat template stored in the GGUF, or null when the file has none.</summary>
    public string? ChatTemplate { get; }

    public int TrainingContext { get; }

    public ulong ParameterCount { get; }

    /// <summary>llama.cpp's one-line description: architecture, size and tensor type.</summary>
    public string Architecture { get; }

    /// <summary>The GGUF's <c>general.name</c>, when it has one.</summary>
    public string? Name { get; }

    public static LlamaModel Load(string path)
    {
        var parameters = LlamaNative.ModelDefaultParams();
        parameters.GpuLayers = 0;
        var model = LlamaNative.ModelLoadFromFile(path, parameters);
        if (model == 0)
        {
            throw new InvalidOperationException($"llama.cpp could not load '{path}' as a GGUF model (run with Logging__LogLevel__Default=Trace for its reasons).");
        }

        return new LlamaModel(model);
    }

    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length + 8];
        fixed (byte* textPointer = bytes)
        {
            while (true)
            {
                int count;
                fixed (int* tokenPointer = tokens)
                {
                    count = LlamaNative.Tokenize(Vocabulary, textPointer, bytes.Length, tokenPointer, tokens.Length, addSpecial, parseSpecial);
                }

                if (count == int.MinValue)
                {
                    throw new GenerationRejectedException(RejectionReason.InvalidRequest, "The prompt is too long to tokenize.");
                }

                if (count >= 0)
                {
                    return tokens.AsSpan(0, count).ToArray();
                }

                tokens = new int[-count];
            }
        }
    }

    /// <summary>The bytes a token stands for; they may be part of a UTF-8 character that the next token completes.</summary>
    public int TokenBytes(int token, Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return LlamaNative.TokenToPiece(Vocabulary, token, pointer, buffer.Length, 0, false);
        }
    }

    public bool IsEndOfGeneration(int token) => LlamaNative.VocabIsEndOfGeneration(Vocabulary, token);

    /// <summary>Formats a conversation with <paramref name="template"/> (a Jinja template llama.cpp recognises, or a
    /// built-in template name); null when llama.cpp does not support that template.</summary>
    public static string? ApplyChatTemplate(string template, IReadOnlyList<(string Role, string Content)> messages, bool addAssistant)
    {
        var strings = new List<nint>();
        try
        {
            var native = new LlamaChatMessage[messages.Count];
            var totalLength = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                native[i].Role = (byte*)Utf8(messages[i].Role, strings);
                native[i].Content = (byte*)Utf8(messages[i].Content, strings);
                totalLength += messages[i].Content.Length + messages[i].Role.Length;
            }

            var templatePointer = (byte*)Utf8(template, strings);
            var buffer = new byte[Math.Max(256, totalLength * 2 + 256)];
            while (true)
            {
                int length;
                fixed (LlamaChatMessage* messagePointer = native)
                fixed (byte* bufferPointer = buffer)
                {
                    length = LlamaNative.ChatApplyTemplate(templatePointer, messagePointer, (nuint)native.Length, addAssistant, bufferPointer, buffer.Length);
                }

                if (length < 0)
                {
                    return null;
                }

                if (length <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, length);
                }

                buffer = new byte[length];
            }
        }
        finally
        {
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    public void Dispose()
    {
        var model = Interlocked.Exchange(ref handle, 0);
        if (model != 0)
        {
            LlamaNative.ModelFree(model);
        }
    }

    private static nint Utf8(string value, List<nint> owned)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        owned.Add(pointer);
        return pointer;
    }

    private static string? ReadString(Func<nint, nuint, int> read)
    {
        var buffer = new byte[512];
        fixed (byte* pointer = buffer)
        {
            var length = read((nint)pointer, (nuint)buffer.Length);
            return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, Math.Min(length, buffer.Length - 1));
        }
    }
}
