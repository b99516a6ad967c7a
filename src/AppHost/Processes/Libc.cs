using System.Runtime.InteropServices;

namespace Platform.AppHost.Processes;

/// <summary>The two libc calls .NET has no managed form of: sending any signal, and asking whether we run as root.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;
}
