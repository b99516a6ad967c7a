using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Platform.AppHost.Tests.Platform;
using Platform.Testing.Speech;

namespace Platform.AppHost.Tests.Dashboard;

/// <summary>
/// The whole platform started by the AppHost (as ./run.sh starts it), its dashboard, a client that sends turns to its
/// Gateway and measures their time to first token, and Debian's chromium driven by Playwright.
/// </summary>
public sealed class DashboardPlatform : IAsyncLifetime
{
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly List<double> clientTtfts = [];
    private IPlaywright? playwright;
    private IBrowser? browser;

    internal AppHostProcess AppHost { get; private set; } = null!;

    public Uri Dashboard { get; private set; } = null!;

    public HttpClient Gateway { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public HttpClient DashboardApi { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public SpeechClips Speech { get; } = new();

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser starts with the fixture.");

    /// <summary>Every turn's time from sending it to its first token event, as this client measured it.</summary>
    public IReadOnlyList<double> ClientTtfts
    {
        get
        {
            lock (clientTtfts)
            {
                return [.. clientTtfts];
            }
        }
    }

    public async ValueTask InitializeAsync()
    {
        // The metrics page refreshes every 5 s, as often as the services export.
        Assertions.SetDefaultExpectTimeout(15_000);
        AppHost = AppHostProcess.Start();
        try
        {
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ChromiumArguments });
            await AppHost.WaitUntilRunningAsync();
            var (gateway, _) = await AppHost.ResourceAsync("gateway");
            var key = Regex.Match(AppHost.Output, @"Development API key: (pk_dev_[0-9a-f]+)").Groups[1].Value;
            Dashboard = new Uri((await AppHost.WaitForLineAsync(new Regex(@"Dashboard: +(http://127\.0\.0\.1:\d+)"), TimeSpan.FromSeconds(5))).Groups[1].Value);
            Gateway.BaseAddress = new Uri(gateway);
            Gateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            DashboardApi.BaseAddress = Dashboard;
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Gateway.Dispose();
        DashboardApi.Dispose();
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await AppHost.DisposeAsync();
        Speech.Dispose();
    }

    public async Task<Guid> NewConversationAsync()
    {
        using var created = await Gateway.PostAsJsonAsync("/api/conversations", new { }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetGuid();
    }

    public Task<string> TextTurnAsync(Guid conversation, string text) =>
        TurnAsync(conversation, JsonContent.Create(new { content = text }));

    public async Task<string> VoiceTurnAsync(Guid conversation, string sentence)
    {
        var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(await Speech.WavAsync(sentence));
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(audio, "audio", "speech.wav");
        await form.LoadIntoBufferAsync(TestContext.Current.CancellationToken);
        return await TurnAsync(conversation, form);
    }

    /// <summary>Sends one turn and reads its event stream to the end; returns its turn id and records its TTFT.</summary>
    private async Task<string> TurnAsync(Guid conversation, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var sent = Stopwatch.GetTimestamp();
        using var response = await Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        double? ttft = null;
        string? turnId = null;
        string? type = null;
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
                if (type == "token")
                {
                    ttft ??= Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                switch (type)
                {
                    case "turn.started":
                        using (var started = JsonDocument.Parse(line[6..]))
                        {
                            turnId = started.RootElement.GetProperty("turnId").GetString();
                        }

                        break;
                    case "error":
                        throw new InvalidOperationException($"The turn failed: {line[6..]}");
                    case "turn.completed":
                        lock (clientTtfts)
                        {
                            clientTtfts.Add(ttft ?? throw new InvalidOperationException("The turn completed without a token."));
                        }

                        return turnId ?? throw new InvalidOperationException("The turn completed without turn.started.");
                    default:
                        break;
                }
            }
        }

        throw new InvalidOperationException("The turn's event stream ended without turn.completed.");
    }
}
