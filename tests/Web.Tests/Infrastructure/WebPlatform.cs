using Microsoft.Playwright;
using Platform.Testing;
using Platform.Testing.SyntheticLlm;

[assembly: AssemblyFixture(typeof(Platform.Web.Tests.Infrastructure.WebPlatform))]

namespace Platform.Web.Tests.Infrastructure;

/// <summary>
/// The real platform the page runs against, started once for every browser test: PostgreSQL, Redis, LlmService on
/// the real llama.cpp runtime and stories260K, a SYNTHETIC token source in this process for tests that need a slow
/// or scripted reply, one Gateway process in front of each, and Debian's chromium driven by Playwright.
/// </summary>
public sealed class WebPlatform : IAsyncLifetime
{
    // A service that never gets healthy (a crash loop, a probe that never passes) must fail the run, not hang it.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly PostgresFixture postgres = new();
    private readonly RedisFixture redis = new();
    private readonly List<IAsyncDisposable> started = [];
    private ServiceFixture? llmService;
    private ServiceFixture? modelGateway;
    private ServiceFixture? syntheticGateway;
    private SyntheticLlmServer? synthetic;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public static string RepositoryRoot => RepositoryLayout.Root;

    /// <summary>A Gateway whose replies come from the real model (stories260K).</summary>
    public Uri ModelGateway => modelGateway?.BaseAddress ?? throw NotStarted();

    /// <summary>A Gateway whose replies come from the SYNTHETIC token source, shaped by <see cref="Synthetic"/>.</summary>
    public Uri SyntheticGateway => syntheticGateway?.BaseAddress ?? throw NotStarted();

    public SyntheticLlmBehaviour Synthetic => synthetic?.Behaviour ?? throw NotStarted();

    public Uri SyntheticSource => synthetic?.Address ?? throw NotStarted();

    public IBrowser Browser => browser ?? throw NotStarted();

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        try
        {
            var infrastructure = Task.WhenAll(StartAsync(postgres, PostgresFixture.ResourceName), StartAsync(redis, RedisFixture.ResourceName));
            var model = StartAsync(new ServiceFixture("LlmService", new Dictionary<string, string>
            {
                ["Llm__Provider"] = "local",
                ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            }), "llmservice");
            synthetic = await SyntheticLlmServer.StartAsync();
            started.Add(synthetic);
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ChromiumArguments,
            });
            await infrastructure;
            llmService = await model;
            var gateways = new[] { StartAsync(CreateGateway(llmService.BaseAddress), "gateway"), StartAsync(CreateGateway(synthetic.Address), "gateway") };
            modelGateway = await gateways[0];
            syntheticGateway = await gateways[1];
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A Gateway process of its own, not yet started, for a test that stops or kills it.</summary>
    public ServiceFixture CreateGateway(Uri llm, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__conversations"] = postgres.ConnectionString,
            ["ConnectionStrings__redis"] = redis.ConnectionString,
            ["services__llm__http__0"] = llm.ToString(),
            ["Gateway__Identity__AnonymousBrowsers"] = "true",
            // Every test's fresh browser profile is a new anonymous identity, and all of them come from 127.0.0.1.
            ["Gateway__Identity__AnonymousPerAddressPerMinute"] = "100000",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return new("Gateway", environment);
    }

    /// <summary>The arguments every chromium of these tests is launched with.</summary>
    public static IReadOnlyList<string> BaseChromiumArguments => ChromiumArguments;

    /// <summary>Starts <paramref name="fixture"/> (a service of a test class), failing instead of hanging when it never gets ready.</summary>
    public Task<T> StartServiceAsync<T>(T fixture, string resourceName)
        where T : ResourceFixture => StartAsync(fixture, resourceName);

    /// <summary>
    /// Sets how the SYNTHETIC source answers the next turns: <paramref name="script"/> token by token, or "w0 w1 ..."
    /// (<paramref name="tokens"/> of them), one every <paramref name="interval"/>. Tests run one at a time, so each
    /// shapes it for itself.
    /// </summary>
    public SyntheticLlmBehaviour ShapeSynthetic(int tokens = 20, TimeSpan? interval = null, IReadOnlyList<string>? script = null)
    {
        var behaviour = Synthetic;
        behaviour.Script = script;
        behaviour.Tokens = tokens;
        behaviour.TokenInterval = interval ?? TimeSpan.FromMilliseconds(20);
        behaviour.TimestampTokens = false;
        behaviour.AbortAfterTokens = null;
        return behaviour;
    }

    /// <summary>A fresh browser profile (so a new anonymous user) on a page of <paramref name="gateway"/>.</summary>
    public Task<ChatPage> OpenPageAsync(Uri gateway, ViewportSize? viewport = null) => ChatPage.OpenAsync(Browser, gateway, viewport);

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        for (var i = started.Count - 1; i >= 0; i--)
        {
            await started[i].DisposeAsync();
        }

        started.Clear();
    }

    private async Task<T> StartAsync<T>(T fixture, string resourceName)
        where T : ResourceFixture
    {
        lock (started)
        {
            started.Add(fixture);
        }

        try
        {
            await fixture.InitializeAsync().AsTask().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{resourceName} was not ready within {StartTimeout.TotalMinutes:0} minutes.{Environment.NewLine}{fixture.RecentOutput(resourceName)}");
        }

        return fixture;
    }

    private static InvalidOperationException NotStarted() => new("The web platform has not been started.");
}
