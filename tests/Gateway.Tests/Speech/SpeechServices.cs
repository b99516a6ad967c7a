using Platform.Testing;

[assembly: AssemblyFixture(typeof(Platform.Testing.Speech.SpeechClips))]

namespace Platform.Gateway.Tests.Speech;

/// <summary>The real SttService (pocketsphinx) and TtsService (flite, espeak-ng), started together for a test class.</summary>
public class SpeechServices : IAsyncLifetime
{
    public SpeechServices()
        : this(new Dictionary<string, string>())
    {
    }

    /// <summary>With SttService settings of a test class's own.</summary>
    protected SpeechServices(IReadOnlyDictionary<string, string> sttSettings) => Stt = new ServiceFixture("SttService", sttSettings);

    public ServiceFixture Stt { get; }

    public ServiceFixture Tts { get; } = new("TtsService");

    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["services__stt__http__0"] = Stt.BaseAddress.ToString(),
        ["services__tts__http__0"] = Tts.BaseAddress.ToString(),
    };

    public async ValueTask InitializeAsync() => await Task.WhenAll(Stt.InitializeAsync().AsTask(), Tts.InitializeAsync().AsTask());

    public async ValueTask DisposeAsync()
    {
        await Stt.DisposeAsync();
        await Tts.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
