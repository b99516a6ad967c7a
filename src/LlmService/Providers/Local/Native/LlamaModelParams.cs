using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// <c>struct llama_model_params</c> of the llama.cpp that LLamaSharp.Backend.Cpu 0.30.0 ships (commit c0c7e147), 72
/// bytes. C <c>bool</c> fields are bytes
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
