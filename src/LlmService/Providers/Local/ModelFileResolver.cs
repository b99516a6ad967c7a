using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// Finds the GGUF file to load: a configured path wins; otherwise the default chat model in the cache, downloaded
/// there on first start and accepted only when its SHA-256 matches. Offline, it fails at once and says what to do.
/// </summary>
internal sealed partial class ModelFileResolver(IOptions<LlmOptions> options, IHttpClientFactory httpClients, ILogger<ModelFileResolver> logger)
{
    public const string HttpClientName = "model-download";

    public async Task<string> ResolveAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrWhiteSpace(settings.ModelPath))
        {
            return File.Exists(settings.ModelPath)
                ? Path.GetFullPath(settings.ModelPath)
                : throw new InvalidOperationException($"Setting 'Llm:ModelPath' is '{settings.ModelPath}', which is not a file.");
        }

        var cache = CacheDirectory(settings);
        var target = Path.Combine(cache, Path.GetFileName(settings.DefaultModelUrl.AbsolutePath));
        var expected = settings.DefaultModelSha256.ToLowerInvariant();
        if (File.Exists(target))
        {
            if (await Sha256Async(target, cancellationToken) == expected)
            {
                return target;
            }

            LogCachedMismatch(logger, target);
            File.Delete(target);
        }

        Directory.CreateDirectory(cache);
        LogDownloading(logger, settings.DefaultModelUrl, target);
        var partial = target + ".partial";
        try
        {
            var actual = await DownloadAsync(settings.DefaultModelUrl, partial, cancellationToken);
            if (actual != expected)
            {
                throw new InvalidOperationException(
                    $"The download of {settings.DefaultModelUrl} has SHA-256 {actual}, not the expected {expected} ('Llm:DefaultModelSha256'); it was discarded.");
            }

            File.Move(partial, target, overwrite: true);
            return target;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(
                $"No model is configured and the default model could not be downloaded from {settings.DefaultModelUrl} ({ex.Message}). " +
                "Either set 'Llm:ModelPath' (environment Llm__ModelPath) to a GGUF file, for example ../shared/models/stories260K.gguf; " +
                $"or copy the file to '{target}' (SHA-256 {expected}); or choose a server with 'Llm:Provider' (ollama, openai, anthropic).",
                ex);
        }
        finally
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }
        }
    }

    public static string CacheDirectory(LlmOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.ModelCacheDirectory))
        {
            return Path.GetFullPath(settings.ModelCacheDirectory);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrWhiteSpace(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(root, "platform", "models");
    }

    private async Task<string> DownloadAsync(Uri url, string path, CancellationToken cancellationToken)
    {
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = File.Create(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cached model {Path} does not match its checksum; downloading it again.")]
    private static partial void LogCachedMismatch(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "No model configured: downloading the default chat model {Url} to {Path}.")]
    private static partial void LogDownloading(ILogger logger, Uri url, string path);
}
