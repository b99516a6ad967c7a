using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Platform.LlmService.Providers.Local.Native;

/// <summary>
/// Loads libllama and libggml from one folder (the npm package's <c>bins/linux-x64</c>), lets ggml pick the best
/// CPU variant there, and routes llama.cpp's log lines to an <see cref="ILogger"/> instead of stderr.
/// A process can hold one llama.cpp runtime, so the first folder wins.
/// </summary>
internal static unsafe class LlamaLibrary
{
    /// <summary>Where scripts/prerequisites.sh installs the runtime, relative to the repository root.</summary>
    public const string RepositoryRelativeDirectory = ".tools/llama/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64";

    private static readonly Lock Gate = new();
    private static string? loadedDirectory;
    private static ILogger? log;

    /// <summary>
    /// The folder holding libllama: the configured file or folder, else the repository's <c>.tools</c> copy found by
    /// walking up from the application's folder and the working directory.
    /// </summary>
    public static string ResolveDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var directory = File.Exists(configured) ? Path.GetDirectoryName(Path.GetFullPath(configured))! : Path.GetFullPath(configured);
            if (!Directory.Exists(directory) || FindLibrary(directory, "libllama") is null)
            {
                throw new InvalidOperationException(
                    $"Setting 'Llm:NativeLibraryPath' is '{configured}', which holds no libllama*.so. Point it at the folder " +
                    $"'{RepositoryRelativeDirectory}' that scripts/prerequisites.sh installs.");
            }

            return directory;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, RepositoryRelativeDirectory);
                if (Directory.Exists(candidate) && FindLibrary(candidate, "libllama") is not null)
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException(
            "The llama.cpp runtime was not found: set 'Llm:NativeLibraryPath' (environment Llm__NativeLibraryPath) to the " +
            $"folder holding libllama*.so, or run scripts/prerequisites.sh, which installs it into '{RepositoryRelativeDirectory}'.");
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

            var llama = FindLibrary(directory, "libllama") ?? throw new InvalidOperationException($"No libllama*.so in '{directory}'.");
            var ggml = FindLibrary(directory, "libggml.") ?? throw new InvalidOperationException($"No libggml.*.so in '{directory}'.");
            var handles = new Dictionary<string, nint>(StringComparer.Ordinal)
            {
                [LlamaNative.Ggml] = NativeLibrary.Load(ggml),
                [LlamaNative.Llama] = NativeLibrary.Load(llama),
            };
            NativeLibrary.SetDllImportResolver(typeof(LlamaNative).Assembly, (name, _, _) => handles.GetValueOrDefault(name));

            LlamaNative.SetLog(&Log, null);
            LlamaNative.LoadBackends(directory);
            LlamaNative.BackendInit();
            loadedDirectory = directory;
        }
    }

    private static string? FindLibrary(string directory, string prefix) =>
        Directory.EnumerateFiles(directory, prefix + "*.so")
            .Where(path => !Path.GetFileName(path).StartsWith("libllama-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

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
