using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Readiness;
using Platform.SttService.Tests.Recognition;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Health;

public sealed class ReadinessTests(SharedSttServer shared, SpeechClips clips)
{
    [Fact]
    public async Task HealthIsReadyWithEveryDecoderLoadedAndWarm()
    {
        using var http = new HttpClient { BaseAddress = shared.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var decoders = body.RootElement.GetProperty("checks").GetProperty("decoders");
        Assert.Equal("Healthy", decoders.GetProperty("status").GetString());
        var data = decoders.GetProperty("data");
        Assert.Equal(Environment.ProcessorCount, data.GetProperty("decoders").GetInt32());
        Assert.Equal("Ready", data.GetProperty("state").GetString());
        Assert.True(data.GetProperty("loadMs").GetDouble() > 0);
        Assert.True(data.GetProperty("warmUpMs").GetDouble() > 0);
        TestContext.Current.SendDiagnosticMessage($"decoders: {data}");
    }

    [Fact]
    public async Task ReadyOnceOneDecoderIsWarmWhileTheOthersJoinThePoolAfterAndACallMeanwhileIsServed()
    {
        await using var server = await SttServer.StartAsync(new Dictionary<string, string?> { ["Stt:Decoders"] = "2" }, waitUntilReady: false);

        var state = await server.Readiness.Settled.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var atReady = server.Pool.Size;
        var final = (await Transcription.CollectAsync(server.Channel, Transcription.Wav(await clips.WavAsync("Good morning.")))).Final;
        await server.Pool.Full.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(ReadinessPhase.Ready, state.Phase);
        Assert.InRange(atReady, 1, 2);
        Assert.Contains("morning", final.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, server.Pool.Size);
        Assert.True(server.Readiness.IsReady);
    }

    [Theory]
    [InlineData("Stt:AcousticModelPath", "/nonexistent/en-us")]
    [InlineData("Stt:LanguageModelPath", "/nonexistent/en-us.lm.bin")]
    [InlineData("Stt:DictionaryPath", "/nonexistent/cmudict.dict")]
    [InlineData("Stt:Decoders", "-1")]
    [InlineData("Stt:MaxAudioSeconds", "0")]
    [InlineData("Stt:StepMilliseconds", "5")]
    [InlineData("Stt:Language", "not a language")]
    public async Task BadSettingStopsTheServiceAtStartNamingTheSetting(string key, string value)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = SttServer.Build(new Dictionary<string, string?> { [key] = value });
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains($"'{key}'", failure.Message, StringComparison.Ordinal);
    }
}
