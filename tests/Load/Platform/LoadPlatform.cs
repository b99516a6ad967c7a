using System.Diagnostics;
using Platform.Testing;
using Platform.Testing.SyntheticLlm;

namespace Platform.Load.Platform;

/// <summary>
/// A whole platform for a load run or chaos scenario, each part a real process on free loopback ports: PostgreSQL,
/// Redis, optionally RabbitMQ, LlmService (or the synthetic source in this process), optionally SttService and
/// TtsService, and the Gateway. Supervised by the AppHost's own launchers, so a killed service is restarted.
/// </summary>
internal sealed class LoadPlatform : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> parts = [];

    private LoadPlatform(PlatformSpec spec, string apiKey)
    {
        Spec = spec;
        ApiKey = apiKey;
    }

    public PlatformSpec Spec { get; }

    public string ApiKey { get; }

    public PostgresFixture Postgres { get; private set; } = null!;

    public RedisFixture Redis { get; private set; } = null!;

    public RabbitMQFixture? Messaging { get; private set; }

    public SyntheticLlmServer? Synthetic { get; private set; }

    public ServiceFixture? Llm { get; private set; }

    public ServiceFixture? Stt { get; private set; }

    public ServiceFixture? Tts { get; private set; }

    public ServiceFixture Gateway { get; private set; } = null!;

    public Uri GatewayAddress => Gateway.BaseAddress;

    public static async Task<LoadPlatform> StartAsync(PlatformSpec spec)
    {
        var platform = new LoadPlatform(spec, "pk_load_" + Guid.NewGuid().ToString("N"));
        try
        {
            await platform.StartPartsAsync();
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this platform's Gateway.</summary>
    public Driving.TurnClient CreateClient() => new(GatewayAddress, ApiKey, Synthetic is not null && Spec.StampTokens);

    /// <summary>Ends a service's process at once, as <c>kill -9</c> does; its supervisor starts it again.</summary>
    public static int KillHard(ServiceFixture service)
    {
        var pid = service.ProcessId;
        using var process = Process.GetProcessById(pid);
        process.Kill();
        return pid;
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) a resource's whole process group: stopped, but not dead, so nothing restarts it.</summary>
    public static Task SignalGroupAsync(int pid, string signal) => ProcessSignal.SendToGroupAsync(pid, signal);

    public async ValueTask DisposeAsync()
    {
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            await parts[i].DisposeAsync();
        }
    }

    private async Task StartPartsAsync()
    {
        Postgres = Add(new PostgresFixture());
        Redis = Add(new RedisFixture());
        var starting = new List<Task> { Postgres.InitializeAsync().AsTask(), Redis.InitializeAsync().AsTask() };
        if (Spec.Messaging)
        {
            Messaging = Add(new RabbitMQFixture());
            starting.Add(Messaging.InitializeAsync().AsTask());
        }

        if (Spec.RealModel)
        {
            var llmSettings = new Dictionary<string, string>
            {
                ["Llm__Provider"] = "local",
                ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,
                ["Logging__LogLevel__Default"] = "Warning",
            };
            foreach (var (name, value) in Spec.LlmSettings)
            {
                llmSettings[name] = value;
            }

            Llm = Add(new ServiceFixture("LlmService", llmSettings));
            starting.Add(Llm.InitializeAsync().AsTask());
        }
        else
        {
            Synthetic = Add(await SyntheticLlmServer.StartAsync(new SyntheticLlmBehaviour
            {
                Tokens = Spec.SyntheticTokens,
                TokenInterval = Spec.SyntheticTokenInterval,
                TimestampTokens = Spec.StampTokens,
            }));
        }

        if (Spec.Speech)
        {
            Stt = Add(new ServiceFixture("SttService", new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }));
            Tts = Add(new ServiceFixture("TtsService", new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" }));
            starting.Add(Stt.InitializeAsync().AsTask());
            starting.Add(Tts.InitializeAsync().AsTask());
        }

        await Task.WhenAll(starting);

        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__conversations"] = Postgres.ConnectionString,
            ["ConnectionStrings__redis"] = Redis.ConnectionString,
            ["services__llm__http__0"] = (Llm?.BaseAddress ?? Synthetic!.Address).ToString(),
            ["Gateway__Identity__BootstrapApiKey"] = ApiKey,
            ["Gateway__Limits__ConcurrentTurns"] = "10000",
            ["Gateway__Limits__RequestsPerMinute"] = "1000000",
            ["Gateway__MaxReplyTokens"] = Spec.MaxReplyTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (Messaging is not null)
        {
            settings["ConnectionStrings__messaging"] = Messaging.ConnectionString;
        }

        if (Stt is not null && Tts is not null)
        {
            settings["services__stt__http__0"] = Stt.BaseAddress.ToString();
            settings["services__tts__http__0"] = Tts.BaseAddress.ToString();
        }

        foreach (var (name, value) in Spec.GatewaySettings)
        {
            settings[name] = value;
        }

        Gateway = Add(new ServiceFixture("Gateway", settings));
        await Gateway.InitializeAsync();
    }

    private T Add<T>(T part)
        where T : IAsyncDisposable
    {
        parts.Add(part);
        return part;
    }
}
