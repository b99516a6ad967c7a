using System.Runtime.InteropServices;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary><c>struct llama_chat_message</c>: two NUL-terminated UTF-8 strings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    public byte* Role;
    public byte* Content;
}
