using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.LlmService.Providers.Local;
using Platform.Testing;

namespace Platform.LlmService.Tests.Providers.Local;

/// <summary>Which GGUF the local provider loads: the configured one, else the default one, downloaded once and checked.</summary>
public sealed class ModelFileResolverTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Model = RandomNumberGenerator.GetBytes(300_000);
    private static readonly string ModelSha256 = Convert.ToHexStringLower(SHA256.HashData(Model));

    private readonly string cache = Directory.CreateTempSubdirectory("llm-cache-").FullName;
    private WebApplication files = null!;
    private int downloads;
    private int unavailable;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        files = builder.Build();
        files.MapGet("/models/default.gguf", () =>
        {
            Interlocked.Increment(ref downloads);
            return Results.Bytes(Model, "application/octet-stream");
        });
        files.MapGet("/models/unavailable.gguf", () =>
        {
            Interlocked.Increment(ref unavailable);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        await files.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await files.DisposeAsync();

    public void Dispose() => Directory.Delete(cache, recursive: true);

    [Fact]
    public async Task AConfiguredPathWinsAndNothingIsDownloaded()
    {
        var path = await Resolver(settings => settings.ModelPath = RepositoryLayout.StoriesModel).ResolveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RepositoryLayout.StoriesModel, path);
        Assert.Equal(0, downloads);
    }

    [Fact]
    public async Task WithoutAPathTheDefaultModelIsDownloadedIntoTheCacheOnceAndChecked()
    {
        var resolver = Resolver();

        var first = await resolver.ResolveAsync(TestContext.Current.CancellationToken);
        var second = await resolver.ResolveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(cache, "default.gguf"), first);
        Assert.Equal(first, second);
        Assert.Equal(Model, await File.ReadAllBytesAsync(first, TestContext.Current.CancellationToken));
        Assert.Equal(1, downloads);
    }

    [Fact]
    public async Task ADownloadWithTheWrongChecksumIsRejectedAndNotKept()
    {
        var wrong = new string('0', 64);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Resolver(settings => settings.DefaultModelSha256 = wrong).ResolveAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"has SHA-256 {ModelSha256}, not the expected {wrong}", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(cache));
    }

    [Fact]
    public async Task ACachedFileThatNoLongerMatchesIsDownloadedAgain()
    {
        await File.WriteAllTextAsync(Path.Combine(cache, "default.gguf"), "truncated", TestContext.Current.CancellationToken);

        var path = await Resolver().ResolveAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Model, await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        Assert.Equal(1, downloads);
    }

    [Fact]
    public async Task OfflineItFailsAtOnceAndSaysHowToConfigureAModel()
    {
        var resolver = Resolver(settings => settings.DefaultModelUrl = new Uri("http://127.0.0.1:1/models/default.gguf"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => resolver.ResolveAsync(TestContext.Current.CancellationToken));

        Assert.Contains("could not be downloaded from http://127.0.0.1:1/models/default.gguf", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Llm:ModelPath' (environment Llm__ModelPath)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("../shared/models/stories260K.gguf", failure.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cache, "default.gguf"), failure.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(cache));
    }

    [Fact]
    public async Task TheServicesDownloadIsOneRequestThatNoStandardResilienceHandlerRetriesOrTimesOut()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Llm:ModelCacheDirectory"] = cache;
        builder.Configuration["Llm:DefaultModelUrl"] = files.Urls.Single() + "/models/unavailable.gguf";
        builder.AddServiceDefaults();
        builder.AddLlm();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Services.GetRequiredService<ModelFileResolver>().ResolveAsync(TestContext.Current.CancellationToken));

        Assert.Contains("503", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, unavailable);
    }

    private ModelFileResolver Resolver(Action<LlmOptions>? configure = null)
    {
        var settings = new LlmOptions
        {
            ModelCacheDirectory = cache,
            DefaultModelUrl = new Uri(files.Urls.Single() + "/models/default.gguf"),
            DefaultModelSha256 = ModelSha256,
        };
        configure?.Invoke(settings);
        var httpClients = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        return new ModelFileResolver(Options.Create(settings), httpClients, NullLogger<ModelFileResolver>.Instance);
    }
}
