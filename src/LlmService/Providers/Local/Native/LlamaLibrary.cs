using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// Loads libllama from one folder, by default the CPU build of NuGet <c>LLamaSharp.Backend.Cpu</c> that suits this
/// processor, and routes llama.cpp's log lines to an <see cref="ILogger"/> instead of stderr. The package's libraries
/// find their libggml beside them, with the CPU backend linked in. A process can hold one llama.cpp runtime, so the
/// first folder wins.
/// </summary>
internal static unsafe class LlamaLibrary
{
    private static readonly Lock Gate = new();
    private static string? loadedDirectory;
    private static ILogger? log;

    /// <summary>
    /// The folder holding libllama: the configured file or folder, else the package's build for the best instruction
    /// set this processor has, in the application's <c>runtimes/linux-x64/native</c>.
    /// </summary>
    public static string ResolveDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var directory = File.Exists(configured) ? Path.GetDirectoryName(Path.GetFullPath(configured))! : Path.GetFullPath(configured);
            if (!Directory.Exists(directory) || FindLibrary(directory) is null)
            {
                throw new InvalidOperationException(
                    $"Setting 'Llm:NativeLibraryPath' is '{configured}', which holds no libllama*.so. Leave it unset to use the " +
                    "llama.cpp build that the LLamaSharp.Backend.Cpu package puts beside the service.");
            }

            return directory;
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"The local provider runs llama.cpp on linux-x64 only (this is {RuntimeInformation.RuntimeIdentifier}); " +
                "set 'Llm:NativeLibraryPath' to a llama.cpp build for this platform, or use another 'Llm:Provider'.");
        }

        var packaged = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", CpuVariant());
        return FindLibrary(packaged) is not null
            ? packaged
            : throw new InvalidOperationException(
                $"The llama.cpp runtime was not found in '{packaged}': build the service again so that the " +
                "LLamaSharp.Backend.Cpu package copies it there, or set 'Llm:NativeLibraryPath' (environment Llm__NativeLibraryPath).");
    }

    public static void EnsureLoaded(string directory, ILogger logger)
    {
        lock (Gate)
        {
            log = logger;
            if (loadedDirectory is not null)
            {
                if (!string.Equals(loadedDirectory, directory, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"llama.cpp is already loaded from '{loadedDirectory}'; one process cannot also load it from '{directory}'.");
                }

                return;
            }

            var llama = NativeLibrary.Load(FindLibrary(directory) ?? throw new InvalidOperationException($"No libllama*.so in '{directory}'."));
            NativeLibrary.SetDllImportResolver(typeof(LlamaNative).Assembly, (name, _, _) => name == LlamaNative.Llama ? llama : 0);

            LlamaNative.SetLog(&Log, null);
            LlamaNative.BackendInit();
            loadedDirectory = directory;
        }
    }

    /// <summary>The package's folder names, one build per x86 instruction set level.</summary>
    private static string CpuVariant() =>
        Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : Avx.IsSupported ? "avx" : "noavx";

    private static string? FindLibrary(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "libllama*.so").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Log(int level, byte* text, void* userData)
    {
        var logger = log;
        if (logger is null || text is null)
        {
            return;
        }

        var severity = level switch
        {
            3 => LogLevel.Warning,
            4 => LogLevel.Error,
            _ => LogLevel.Trace,
        };
        if (!logger.IsEnabled(severity))
        {
            return;
        }

        var line = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text)).TrimEnd();
        if (line.Contains("removing memory module entries", StringComparison.Ordinal))
        {
            // What llama.cpp says after every stopped step; the decoder stops background steps on purpose.
            severity = LogLevel.Trace;
            if (!logger.IsEnabled(severity))
            {
                return;
            }
        }

        if (line.Length > 0)
        {
#pragma warning disable CA1848, CA2254 // llama.cpp's own lines, forwarded as they come.
            logger.Log(severity, "llama.cpp: {Line}", line);
#pragma warning restore CA1848, CA2254
        }
    }
}
