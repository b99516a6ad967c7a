using Microsoft.Playwright;
using Platform.Testing;
using Platform.Testing.Speech;
using Platform.Web.Tests.Infrastructure;

namespace Platform.Web.Tests.Voice;

/// <summary>
/// What the voice tests add to the shared platform: the real SttService (pocketsphinx) and TtsService (flite), a
/// Gateway that uses them with the SYNTHETIC token source, and a chromium whose fake microphone plays a sentence
/// flite spoke at test time, over and over, and whose fake permission prompt always allows it.
/// </summary>
public sealed class VoicePlatform(WebPlatform web) : IAsyncLifetime
{
    public const string SpokenSentence = "What time does the train leave?";

    // Chromium's fake capture device reads a 16-bit PCM WAV; 48 kHz is its own capture rate, so nothing is resampled twice.
    private const int CaptureRate = 48_000;

    private readonly string folder = Directory.CreateTempSubdirectory("web-voice-").FullName;
    private readonly ServiceFixture stt = new("SttService");
    private readonly ServiceFixture tts = new("TtsService");
    private ServiceFixture? gateway;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public WebPlatform Web => web;

    /// <summary>How long the spoken sentence lasts: a press held this long has sent all of it.</summary>
    public TimeSpan SentenceDuration { get; private set; }

    public Uri Gateway => gateway?.BaseAddress ?? throw new InvalidOperationException("The voice platform has not been started.");

    public async ValueTask InitializeAsync()
    {
        var spoken = Path.Combine(folder, "spoken.wav");
        var microphone = Path.Combine(folder, "microphone.wav");
        await ToolProcess.RunAsync("flite", "-voice", "slt", "-t", SpokenSentence, "-o", spoken);
        await ToolProcess.RunAsync("sox", spoken, "-r", CaptureRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16", microphone);
        SentenceDuration = TimeSpan.FromSeconds((new FileInfo(microphone).Length - 44) / (CaptureRate * 2.0));

        await Task.WhenAll(web.StartServiceAsync(stt, "sttservice"), web.StartServiceAsync(tts, "ttsservice"));
        gateway = await web.StartServiceAsync(
            web.CreateGateway(web.SyntheticSource, new Dictionary<string, string>
            {
                ["services__stt__http__0"] = stt.BaseAddress.ToString(),
                ["services__tts__http__0"] = tts.BaseAddress.ToString(),
            }),
            "gateway");

        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                .. WebPlatform.BaseChromiumArguments,
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-audio-capture={microphone}",
            ],
        });
    }

    /// <summary>A fresh browser profile on the voice Gateway's page.</summary>
    public Task<ChatPage> OpenPageAsync() => ChatPage.OpenAsync(browser ?? throw new InvalidOperationException("The voice platform has not been started."), Gateway);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        await stt.DisposeAsync();
        await tts.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}
