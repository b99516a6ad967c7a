using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Platform.TtsService.Tests.Health;

public sealed class ReadinessTests(SharedTtsServer shared)
{
    [Fact]
    public async Task HealthIsReadyWithEveryVoiceLoadedAndWarm()
    {
        using var http = new HttpClient { BaseAddress = shared.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var voices = body.RootElement.GetProperty("checks").GetProperty("voices");
        Assert.Equal("Healthy", voices.GetProperty("status").GetString());
        var data = voices.GetProperty("data");
        Assert.Equal("Ready", data.GetProperty("state").GetString());
        Assert.Equal("slt", data.GetProperty("defaultVoice").GetString());
        Assert.Equal("flite,espeak-ng", data.GetProperty("engines").GetString());
        Assert.True(data.GetProperty("voices").GetInt32() > 100);
        Assert.True(data.GetProperty("warmUpMs").GetDouble() > 0);
        TestContext.Current.SendDiagnosticMessage($"voices: {data}");
    }

    [Theory]
    [InlineData("Tts:FliteVoices", "slt;rms")]
    [InlineData("Tts:MaxTextLength", "0")]
    [InlineData("Tts:ChunkMilliseconds", "5000")]
    [InlineData("Tts:EspeakNgDataPath", "/nonexistent")]
    [InlineData("Tts:DefaultVoice", "")]
    public async Task BadSettingStopsTheServiceAtStartNamingTheSetting(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = TtsServer.Build(new Dictionary<string, string?> { [key] = value });
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains($"'{key}'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVoicesAtAllStopsTheServiceNamingBothSettings()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = TtsServer.Build(new Dictionary<string, string?> { ["Tts:FliteVoices"] = "", ["Tts:EspeakNg"] = "false" });
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains("'Tts:FliteVoices'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'Tts:EspeakNg'", failure.Message, StringComparison.Ordinal);
    }
}
