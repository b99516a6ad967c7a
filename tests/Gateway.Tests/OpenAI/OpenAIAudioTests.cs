using System.ClientModel;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenAI;
using OpenAI.Audio;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.Speech;
using Platform.Testing.Speech;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>OpenAI's audio endpoints through the Gateway to the real TtsService (flite) and SttService (pocketsphinx).</summary>
public sealed class OpenAIAudioTests(GatewayEnvironment environment, SpeechServices speech, SpeechClips clips) : IClassFixture<SpeechServices>
{
    private const string Sentence = "Thank you very much for your help.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheNpmOpenAIPackageGetsAWavSoxReadsAndItsTranscriptWithinAQuarterWordErrorAndTheAudioSecondsAreMetered()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: speech.GatewaySettings);
        var path = Path.Combine(Path.GetTempPath(), $"openai-speech-{Guid.NewGuid():N}.wav");
        try
        {
            var result = await NodeOpenAIClient.RunAsync("audio.cjs", harness, Sentence, path);
            var seconds = await SoxSecondsAsync(path);
            Assert.InRange(seconds, 1.0, 10.0);
            var transcript = result.GetProperty("text").GetString()!;
            Assert.True(WordErrorRate.Of(Sentence, transcript) <= 0.25, $"'{transcript}'");
            await AssertAudioMeteredAsync(harness, seconds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task TheOfficialDotNetSdkGetsAWavSoxReadsAndItsTranscriptWithinAQuarterWordError()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: speech.GatewaySettings);
        var client = new OpenAIClient(new ApiKeyCredential(harness.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(harness.Gateways[0].Address, "/v1") });
        var path = Path.Combine(Path.GetTempPath(), $"openai-speech-{Guid.NewGuid():N}.wav");
        try
        {
            BinaryData audio = await client.GetAudioClient("tts-1-hd").GenerateSpeechAsync(Sentence, GeneratedSpeechVoice.Nova,
                new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav }, Token);
            await File.WriteAllBytesAsync(path, audio.ToArray(), Token);
            await using var file = File.OpenRead(path);
            AudioTranscription transcription = await client.GetAudioClient("whisper-1").TranscribeAudioAsync(file, "speech.wav",
                new AudioTranscriptionOptions { Language = "en", ResponseFormat = AudioTranscriptionFormat.Verbose }, Token);

            var seconds = await SoxSecondsAsync(path);
            Assert.InRange(seconds, 1.0, 10.0);
            Assert.True(WordErrorRate.Of(Sentence, transcription.Text) <= 0.25, $"'{transcription.Text}'");
            Assert.Equal(seconds, transcription.Duration!.Value.TotalSeconds, 0.01);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task UnsupportedAudioAndBadFieldsAreOpenAIErrorsWithTheRightStatus()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, settings: speech.GatewaySettings);
        var http = harness.Client();

        using var notWav = await http.PostAsync("/v1/audio/transcriptions", Form("file.mp3", [0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Token);
        using var noFile = await http.PostAsync("/v1/audio/transcriptions", new MultipartFormDataContent { { new StringContent("whisper-1"), "model" } }, Token);
        using var srt = await http.PostAsync("/v1/audio/transcriptions", WithField(Form("a.wav", await clips.WavAsync("hello")), "response_format", "srt"), Token);
        // As OpenAI's clients do for uploads: the Gateway refuses on the declared length before the body is sent.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = Form("big.wav", new byte[5 * 1024 * 1024]) };
        oversized.Headers.ExpectContinue = true;
        using var tooLarge = await http.SendAsync(oversized, Token);
        using var mp3 = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "hello", voice = "alloy", response_format = "mp3" }, Token);
        using var unknownVoice = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "hello", voice = "no-such-voice" }, Token);
        using var empty = await http.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "", voice = "alloy" }, Token);

        Assert.Equal("file", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(notWav, System.Net.HttpStatusCode.UnsupportedMediaType)).GetProperty("param").GetString());
        Assert.Equal("file", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(noFile, System.Net.HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        Assert.Equal("response_format", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(srt, System.Net.HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(tooLarge, System.Net.HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("response_format", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(mp3, System.Net.HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        Assert.Equal("voice", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(unknownVoice, System.Net.HttpStatusCode.BadRequest)).GetProperty("param").GetString());
        Assert.Equal("input", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(empty, System.Net.HttpStatusCode.BadRequest)).GetProperty("param").GetString());
    }

    private static async Task AssertAudioMeteredAsync(GatewayHarness harness, double seconds)
    {
        using var usage = await harness.Client().GetFromJsonAsync<JsonDocument>("/api/usage", Token);
        var records = usage!.RootElement.GetProperty("records").EnumerateArray().ToDictionary(r => r.GetProperty("route").GetString()!);
        Assert.Equal(seconds, records["speech"].GetProperty("audioOutSeconds").GetDouble(), 0.01);
        Assert.Equal(seconds, records["transcriptions"].GetProperty("audioInSeconds").GetDouble(), 0.01);
        Assert.Equal(200, records["speech"].GetProperty("status").GetInt32());
        Assert.Equal(200, records["transcriptions"].GetProperty("status").GetInt32());
    }

    /// <summary>The duration sox reads from the file, so the test fails if the WAV is not one sox can read.</summary>
    private static async Task<double> SoxSecondsAsync(string path)
    {
        var start = new ProcessStartInfo("soxi") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-D");
        start.ArgumentList.Add(path);
        using var soxi = Process.Start(start)!;
        var output = await soxi.StandardOutput.ReadToEndAsync(Token);
        var errors = await soxi.StandardError.ReadToEndAsync(Token);
        await soxi.WaitForExitAsync(Token);
        Assert.True(soxi.ExitCode == 0, errors);
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static MultipartFormDataContent Form(string fileName, byte[] file) => new()
    {
        { new ByteArrayContent(file), "file", fileName },
        { new StringContent("whisper-1"), "model" },
    };

    private static MultipartFormDataContent WithField(MultipartFormDataContent form, string name, string value)
    {
        form.Add(new StringContent(value), name);
        return form;
    }
}
