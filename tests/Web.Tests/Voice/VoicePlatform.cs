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

    /// <summary>What the hands-free microphone says: this, a pause, <see cref="SecondSentence"/>, then a long silence.</summary>
    public const string SecondSentence = "Where is the bus station?";

    // Chromium's fake capture device reads a 16-bit PCM WAV; 48 kHz is its own capture rate, so nothing is resampled twice.
    private const int CaptureRate = 48_000;

    private readonly string folder = Directory.CreateTempSubdirectory("web-voice-").FullName;
    private readonly ServiceFixture stt = new("SttService");
    private readonly ServiceFixture tts = new("TtsService");
    private ServiceFixture? gateway;
    private IPlaywright? playwright;
    private IBrowser? browser;
    private IBrowser? handsFreeBrowser;
    private string? conversationMicrophone;

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

        var second = Path.Combine(folder, "second.wav");
        var pause = Path.Combine(folder, "pause.wav");
        conversationMicrophone = Path.Combine(folder, "conversation.wav");
        await ToolProcess.RunAsync("flite", "-voice", "slt", "-t", SecondSentence, "-o", second);
        await ToolProcess.RunAsync("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", pause, "trim", "0", "4");
        // Chromium plays its fake microphone file in a loop: the long silence at the end keeps a test to two utterances.
        await ToolProcess.RunAsync("sox", spoken, pause, second, "-r", CaptureRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", "-b", "16",
            conversationMicrophone, "pad", "0.5", "60");

        await Task.WhenAll(web.StartServiceAsync(stt, "sttservice"), web.StartServiceAsync(tts, "ttsservice"));
        gateway = await web.StartServiceAsync(
            web.CreateGateway(web.SyntheticSource, new Dictionary<string, string>
            {
                ["services__stt__http__0"] = stt.BaseAddress.ToString(),
                ["services__tts__http__0"] = tts.BaseAddress.ToString(),
            }),
            "gateway");

        playwright = await Playwright.CreateAsync();
        browser = await LaunchAsync(microphone);
    }

    /// <summary>A fresh browser profile on the voice Gateway's page.</summary>
    public Task<ChatPage> OpenPageAsync() => ChatPage.OpenAsync(browser ?? throw new InvalidOperationException("The voice platform has not been started."), Gateway);

    /// <summary>
    /// A fresh browser profile whose microphone says <see cref="SpokenSentence"/>, pauses 4 s, says
    /// <see cref="SecondSentence"/>, then is silent for a minute; a browser of its own, started on first use.
    /// </summary>
    public async Task<ChatPage> OpenHandsFreePageAsync()
    {
        handsFreeBrowser ??= await LaunchAsync(conversationMicrophone!);
        return await ChatPage.OpenAsync(handsFreeBrowser, Gateway);
    }

    /// <summary>Chromium whose fake microphone plays <paramref name="microphone"/> and whose permission prompt always allows it.</summary>
    private Task<IBrowser> LaunchAsync(string microphone) =>
        (playwright ?? throw new InvalidOperationException("The voice platform has not been started.")).Chromium.LaunchAsync(new BrowserTypeLaunchOptions
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

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        if (handsFreeBrowser is not null)
        {
            await handsFreeBrowser.DisposeAsync();
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
