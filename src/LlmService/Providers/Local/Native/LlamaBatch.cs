using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary><c>struct llama_batch</c> (56 bytes): parallel arrays in native memory, one entry per token.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    public int TokenCount;
    public int* Tokens;
    public float* Embeddings;
    public int* Positions;
    public int* SequenceIdCounts;
    public int** SequenceIds;
    public sbyte* Logits;
}
