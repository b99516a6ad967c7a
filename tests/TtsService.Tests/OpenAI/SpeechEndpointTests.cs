using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.TtsService.Tests.OpenAI;

/// <summary>
/// OpenAI's <c>POST /v1/audio/speech</c> on the real flite and espeak-ng: <c>speed</c> changes how fast the voice
/// speaks, not its pitch, and <c>pcm</c> is the 24 kHz audio OpenAI's clients play it as.
/// </summary>
public sealed class SpeechEndpointTests(SharedTtsServer shared)
{
    private const string Text = "The quick brown fox jumps over the lazy dog, while the sun sets slowly behind the hills.";

    [Theory]
    [InlineData("slt", 2)]
    [InlineData("slt", 0.5)]
    [InlineData("kal16", 2)]
    [InlineData("espeak-ng/en", 2)]
    [InlineData("espeak-ng/en", 0.5)]
    public async Task SpeedChangesTheDurationByItsFactorAndKeepsThePitch(string voice, double speed)
    {
        var normal = await SpeakAsync(voice, 1);
        var changed = await SpeakAsync(voice, speed);

        Assert.Equal(normal.SampleRate, changed.SampleRate);
        Assert.InRange(changed.Seconds / normal.Seconds, 0.75 / speed, 1.25 / speed);
        Assert.InRange(changed.Pitch / normal.Pitch, 0.8, 1.2);
    }

    [Theory]
    [InlineData("slt")]
    [InlineData("espeak-ng/en")]
    public async Task PcmIs24KilohertzAudioAsLongAndAsHighAsTheWav(string voice)
    {
        var wav = await SpeakAsync(voice, 1);

        using var http = shared.Server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice, response_format = "pcm" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("24000", Assert.Single(response.Headers.GetValues("X-Sample-Rate")));
        var pcm = SpokenAudio.FromPcm(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken), 24_000);

        Assert.NotEqual(24_000, wav.SampleRate);
        Assert.InRange(pcm.Seconds / wav.Seconds, 0.95, 1.05);
        Assert.InRange(pcm.Pitch / wav.Pitch, 0.95, 1.05);
        Assert.Equal(pcm.Seconds, double.Parse(Assert.Single(response.Headers.GetValues("X-Audio-Seconds")), CultureInfo.InvariantCulture), 0.001);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.2)]
    [InlineData(4.5)]
    [InlineData(-1)]
    public async Task SpeedOutsideOpenAIsRangeIs400NamingSpeed(double speed)
    {
        using var http = shared.Server.CreateHttpClient();

        using var response = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice = "alloy", speed }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("speed", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("between 0.25 and 4", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<SpokenAudio> SpeakAsync(string voice, double speed)
    {
        using var http = shared.Server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = Text, voice, response_format = "wav", speed }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SpokenAudio.FromWav(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }
}
