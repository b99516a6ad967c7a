using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Readiness;
using Platform.TtsService.Engines;
using Platform.TtsService.Engines.EspeakNg;

namespace Platform.TtsService.Voices;

/// <summary>
/// Makes the voices hot at start: loads every engine and its voices into the <see cref="Catalog"/>, then speaks one
/// sentence with each flite voice and with espeak-ng.
/// </summary>
internal sealed class VoiceWarmUp(IEnumerable<SpeechEngine> engines, IOptions<TtsOptions> options) : IWarmUpStep
{
    private const string WarmUpText = "Hello, the voice is ready.";
    private VoiceCatalog? catalog;

    /// <summary>The loaded voices; null until they are loaded.</summary>
    public VoiceCatalog? Catalog => Volatile.Read(ref catalog);

    public string Subject => Catalog is { } voices
        ? $"{voices.Voices.Count} voices ({string.Join(", ", voices.Voices.GroupBy(voice => voice.Engine).Select(engine => $"{engine.Key}: {engine.Count()}"))})"
        : "The voices";

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var loaded = new List<(SpeechEngine, IReadOnlyList<SpeechVoice>)>();
        foreach (var engine in engines)
        {
            loaded.Add((engine, await Task.Run(engine.Start, cancellationToken)));
        }

        Volatile.Write(ref catalog, new VoiceCatalog(loaded, options.Value.DefaultVoice));
    }

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var voices = Catalog!.Voices;
        var warmUps = voices.Where(voice => voice.Engine != EspeakNgEngine.EngineName)
            .Concat(voices.Where(voice => voice.Engine == EspeakNgEngine.EngineName).Take(1));
        foreach (var voice in warmUps)
        {
            await Catalog.EngineOf(voice).SynthesizeAsync(voice, WarmUpText, SpeechEngine.VoiceSpeed, new DiscardingSink(), cancellationToken);
        }
    }

    public void Describe(IDictionary<string, object> data)
    {
        data["voices"] = Catalog?.Voices.Count ?? 0;
        if (Catalog is { } voices)
        {
            data["defaultVoice"] = voices.Default.Name;
            data["engines"] = string.Join(",", voices.Voices.Select(voice => voice.Engine).Distinct());
        }
    }

    private sealed class DiscardingSink : IAudioSink
    {
        public bool Write(ReadOnlySpan<short> samples, int sampleRate) => true;
    }
}
