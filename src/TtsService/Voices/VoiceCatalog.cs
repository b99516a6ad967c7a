using System.Collections.Frozen;
using System.Globalization;
using Platform.TtsService.Engines;

namespace Platform.TtsService.Voices;

/// <summary>
/// Every loaded voice, and which one a request gets: the named voice; else, for a language, the default voice when
/// it speaks that language (so English goes to flite), then the voice that speaks the exact tag best, then the one
/// that speaks its primary language best.
/// </summary>
public sealed class VoiceCatalog
{
    private readonly FrozenDictionary<string, SpeechVoice> byName;
    private readonly FrozenDictionary<string, SpeechEngine> engines;

    public VoiceCatalog(IEnumerable<(SpeechEngine Engine, IReadOnlyList<SpeechVoice> Voices)> loaded, string defaultVoice)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var all = loaded.ToList();
        Voices = [.. all.SelectMany(engine => engine.Voices)];
        byName = Voices.ToFrozenDictionary(voice => voice.Name, StringComparer.OrdinalIgnoreCase);
        engines = all.ToFrozenDictionary(engine => engine.Engine.Name, engine => engine.Engine, StringComparer.Ordinal);
        Default = byName.GetValueOrDefault(defaultVoice ?? string.Empty) ?? throw new InvalidOperationException(
            $"Setting 'Tts:DefaultVoice' is '{defaultVoice}', which is not a loaded voice; loaded: {Summary()}.");
    }

    public IReadOnlyList<SpeechVoice> Voices { get; }

    public SpeechVoice Default { get; }

    public SpeechEngine EngineOf(SpeechVoice voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return engines[voice.Engine];
    }

    public SpeechVoice Select(string? voiceName, string? language)
    {
        var tag = string.IsNullOrWhiteSpace(language) ? null : LanguageTag.Normalize(language);
        if (!string.IsNullOrWhiteSpace(voiceName))
        {
            var voice = byName.GetValueOrDefault(voiceName.Trim()) ?? throw new VoiceSelectionException(
                $"Voice '{voiceName}' is not known. Voices: {Summary()}; the Voices call lists them all.");
            return tag is null || voice.SpeaksPrimaryLanguageOf(tag)
                ? voice
                : throw new VoiceSelectionException($"Voice '{voice.Name}' speaks {voice.Language}, not '{language}'; leave the voice empty to get one for the language.");
        }

        if (tag is null || Default.SpeaksPrimaryLanguageOf(tag))
        {
            return Default;
        }

        return Best(tag) ?? Best(LanguageTag.Primary(tag)) ?? throw new VoiceSelectionException(
            $"Language '{language}' is not supported. Languages: {string.Join(", ", Voices.Select(voice => voice.Language).Distinct().Order(StringComparer.Ordinal))}.");
    }

    private SpeechVoice? Best(string tag) =>
        Voices.Select(voice => (Voice: voice, Priority: voice.PriorityFor(tag)))
            .Where(candidate => candidate.Priority is not null)
            .OrderBy(candidate => candidate.Priority)
            .Select(candidate => candidate.Voice)
            .FirstOrDefault();

    private string Summary()
    {
        var groups = Voices.GroupBy(voice => voice.Engine).Select(engine => engine.Count() <= 8
            ? string.Join(", ", engine.Select(voice => voice.Name))
            : string.Create(CultureInfo.InvariantCulture, $"{engine.Count()} {engine.Key} voices named {engine.Key}/<language> such as {string.Join(", ", engine.Take(3).Select(voice => voice.Name))}"));
        return string.Join("; ", groups);
    }
}
