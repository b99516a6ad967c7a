using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Options;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Engines.EspeakNg;

/// <summary>
/// espeak-ng through P/Invoke, in synchronous mode: <c>espeak_Synth</c> calls back with each block of
/// <c>Tts:ChunkMilliseconds</c> of audio as it goes. The library is one global engine with one current voice, so
/// the voice is switched, on the engine's thread, only when a call wants another one. A call's speed sets the rate
/// in words per minute (espeak-ng's default, 175, times the speed) before every synthesis. Above 450 words per minute
/// espeak-ng speeds its audio up with libsonic, which keeps the pitch (Debian's build links it), so 4 times is 700;
/// below 80 (<c>espeakRATE_MINIMUM</c>) it speaks no slower, so speeds under about 0.46 are clamped to 80 words
/// per minute.
/// </summary>
internal sealed unsafe class EspeakNgEngine(IOptions<TtsOptions> options) : SpeechEngine
{
    public const string EngineName = "espeak-ng";
    public const string VoicePrefix = "espeak-ng/";

    /// <summary>espeak-ng's one output rate, for the static callback (22,050 Hz in Debian's build).</summary>
    private static int outputRate;

    /// <summary>Engines loaded in this process: espeak-ng has one global state, so a second would corrupt the first.</summary>
    private static int loadedEngines;

    private string? selectedVoice;
    private int defaultRate;
    private bool initialized;

    public override string Name => EngineName;

    protected override IReadOnlyList<SpeechVoice> Load()
    {
        var settings = options.Value;
        if (!settings.EspeakNg)
        {
            return [];
        }

        if (Interlocked.Increment(ref loadedEngines) > 1)
        {
            Interlocked.Decrement(ref loadedEngines);
            throw new InvalidOperationException("espeak-ng is already loaded in this process; it has one global engine, so one TtsService may use it.");
        }

        var path = string.IsNullOrWhiteSpace(settings.EspeakNgDataPath) ? null : settings.EspeakNgDataPath;
        var sampleRate = EspeakNgNative.Initialize(EspeakNgNative.SynchronousOutput, settings.ChunkMilliseconds, path, EspeakNgNative.DontExit);
        if (sampleRate <= 0)
        {
            Interlocked.Decrement(ref loadedEngines);
            throw new InvalidOperationException(
                $"espeak-ng could not initialize from {(path is null ? "its built-in data folder" : $"'{path}' (Tts:EspeakNgDataPath)")}; install Debian's espeak-ng-data.");
        }

        initialized = true;
        outputRate = sampleRate;
        defaultRate = EspeakNgNative.GetParameter(EspeakNgNative.RateParameter, 0);
        EspeakNgNative.SetSynthCallback(&OnAudio);
        var voices = new List<SpeechVoice>();
        for (var entry = EspeakNgNative.ListVoices(null); *entry is not null; entry++)
        {
            var voice = *entry;
            var identifier = Marshal.PtrToStringUTF8((nint)voice->Identifier)!;
            var languages = Languages(voice->Languages);
            if (languages.Count > 0)
            {
                voices.Add(new SpeechVoice(VoicePrefix + identifier[(identifier.LastIndexOf('/') + 1)..], languages, EngineName, sampleRate, identifier));
            }
        }

        return voices;
    }

    protected override void Synthesize(SpeechVoice voice, string text, float speed, IAudioSink sink)
    {
        if (!string.Equals(selectedVoice, voice.EngineVoiceId, StringComparison.Ordinal))
        {
            if (EspeakNgNative.SetVoiceByName(voice.EngineVoiceId) != 0)
            {
                throw new InvalidOperationException($"espeak-ng could not select its voice '{voice.EngineVoiceId}'.");
            }

            selectedVoice = voice.EngineVoiceId;
        }

        var rate = Math.Max(EspeakNgNative.MinimumRate, (int)Math.Round(defaultRate * speed));
        if (EspeakNgNative.SetParameter(EspeakNgNative.RateParameter, rate, 0) != 0)
        {
            throw new InvalidOperationException($"espeak-ng could not set its rate to {rate} words per minute.");
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        var result = 0;
        SynthesisSinks.Run(sink, () =>
        {
            fixed (byte* utf8 = bytes)
            {
                result = EspeakNgNative.Synth(utf8, (nuint)bytes.Length, 0, EspeakNgNative.CharacterPosition, 0, EspeakNgNative.Utf8Text, null, 0);
            }
        });
        if (result != 0)
        {
            throw new InvalidOperationException($"espeak-ng failed to synthesize (espeak_ERROR {result}).");
        }
    }

    protected override void Dispose(bool disposing)
    {
        // The engine's thread ends first, so no synthesis is running when the library shuts down.
        base.Dispose(disposing);
        if (initialized)
        {
            initialized = false;
            EspeakNgNative.Terminate();
            Interlocked.Decrement(ref loadedEngines);
        }
    }

    private static List<VoiceLanguage> Languages(byte* list)
    {
        var languages = new List<VoiceLanguage>();
        while (list is not null && *list != 0)
        {
            var priority = *list;
            var tag = Marshal.PtrToStringUTF8((nint)(list + 1))!;
            languages.Add(new VoiceLanguage(LanguageTag.Normalize(tag), priority));
            list += Encoding.UTF8.GetByteCount(tag) + 2;
        }

        return [.. languages.OrderBy(language => language.Priority)];
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnAudio(short* samples, int count, nint events)
    {
        try
        {
            var sink = SynthesisSinks.Current;
            if (sink is null || samples is null || count <= 0)
            {
                return EspeakNgNative.Continue;
            }

            return sink.Write(new ReadOnlySpan<short>(samples, count), outputRate) ? EspeakNgNative.Continue : EspeakNgNative.Abort;
        }
#pragma warning disable CA1031 // Nothing may unwind into espeak-ng; the failure is rethrown on the synthesizing thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SynthesisSinks.Fail(ex);
            return EspeakNgNative.Abort;
        }
    }
}
