using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// <c>struct llama_model_params</c> of llama.cpp v0.5.0 (include/llama.h), 80 bytes. C <c>bool</c> fields are bytes
/// so the struct stays blittable and can be passed and returned by value.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    public nint Devices;
    public nint TensorBufferTypeOverrides;
    public int GpuLayers;
    public int SplitMode;
    public int LoadMode;
    public int LazyMode;
    public int MainGpu;
    public nint TensorSplit;
    public nint ProgressCallback;
    public nint ProgressCallbackUserData;
    public nint KeyValueOverrides;
    public byte VocabOnly;
    public byte CheckTensors;
    public byte UseExtraBufferTypes;
    public byte NoHost;
    public byte NoAlloc;
    public byte LoadMtp;
}
