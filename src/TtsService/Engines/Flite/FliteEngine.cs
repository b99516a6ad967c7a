using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using Platform.TtsService.Voices;

namespace Platform.TtsService.Engines.Flite;

/// <summary>
/// flite through P/Invoke: each configured voice is registered from its Debian library and given a streaming
/// callback, so <c>flite_text_to_speech</c> hands over each block of wave as its vocoder produces it. A call's speed
/// divides the voice's own <c>duration_stretch</c> (1, or kal's 1.1), which lengthens or shortens every segment
/// before the pitch contour is laid over them, so the words come faster or slower at the same pitch; any speed is
/// reached.
/// </summary>
internal sealed unsafe class FliteEngine(IOptions<TtsOptions> options) : SpeechEngine
{
    public const string EngineName = "flite";
    public const string Language = "en-US";

    /// <summary>Where cst_voice keeps its feature list: after its name pointer (cst_voice.h).</summary>
    private const int VoiceFeaturesOffset = 8;

    /// <summary>The feature name flite looks the streaming callback up by; allocated once, since flite keeps the pointer.</summary>
    private static readonly nint StreamingFeature = Marshal.StringToCoTaskMemUTF8("streaming_info");

    /// <summary>The feature that scales every segment's duration, allocated once for the same reason.</summary>
    private static readonly nint DurationStretchFeature = Marshal.StringToCoTaskMemUTF8("duration_stretch");

    private readonly Dictionary<string, (nint Handle, float DurationStretch)> voices = new(StringComparer.Ordinal);

    public override string Name => EngineName;

    protected override IReadOnlyList<SpeechVoice> Load()
    {
        var names = options.Value.FliteVoiceNames;
        if (names.Count == 0)
        {
            return [];
        }

        FliteNative.Init();
        var loaded = new List<SpeechVoice>();
        foreach (var name in names)
        {
            var voice = Register(name);
            voices[name] = (voice, FliteNative.GetFloatFeature(Features(voice), DurationStretchFeature, 1));
            loaded.Add(new SpeechVoice(name, [new VoiceLanguage(Language, 1)], EngineName, ProbeSampleRate(name, voice), name));
        }

        return loaded;
    }

    protected override void Synthesize(SpeechVoice voice, string text, float speed, IAudioSink sink)
    {
        var (handle, durationStretch) = voices[voice.EngineVoiceId];
        FliteNative.SetFloatFeature(Features(handle), DurationStretchFeature, durationStretch / speed);
        SynthesisSinks.Run(sink, () => FliteNative.TextToSpeech(text, handle, "none"));
    }

    private nint Register(string name)
    {
        var file = $"libflite_cmu_us_{name}.so.1";
        if (!NativeLibrary.TryLoad(file, out var library))
        {
            throw new InvalidOperationException(
                $"Setting 'Tts:FliteVoices' names '{name}', but {file} cannot be loaded; Debian's libflite1 package installs slt, rms, awb, kal and kal16.");
        }

        if (!NativeLibrary.TryGetExport(library, $"register_cmu_us_{name}", out var export))
        {
            throw new InvalidOperationException($"{file} has no register_cmu_us_{name}, so it is not a flite voice (Tts:FliteVoices).");
        }

        var voice = ((delegate* unmanaged[Cdecl]<byte*, nint>)export)(null);
        if (voice == 0)
        {
            throw new InvalidOperationException($"flite could not register the voice '{name}' (Tts:FliteVoices).");
        }

        var streaming = FliteNative.NewStreamingInfo();
        // flite calls back whenever this many samples are new; 8 kHz is the lowest rate among its voices.
        streaming->MinimumBufferSize = options.Value.ChunkMilliseconds * 8;
        streaming->Callback = &OnAudio;
        FliteNative.SetFeature(Features(voice), StreamingFeature, FliteNative.StreamingInfoValue(streaming));
        return voice;
    }

    private static nint Features(nint voice) => *(nint*)(voice + VoiceFeaturesOffset);

    /// <summary>Synthesizes one word to learn the voice's sample rate, which only its wave reports.</summary>
    private static int ProbeSampleRate(string name, nint voice)
    {
        var probe = new SampleRateProbe();
        var seconds = 0f;
        SynthesisSinks.Run(probe, () => seconds = FliteNative.TextToSpeech("Hello.", voice, "none"));
        return probe.SampleRate > 0
            ? probe.SampleRate
            : throw new InvalidOperationException($"The flite voice '{name}' streamed no audio for 'Hello.' ({seconds:0.00} s synthesized).");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnAudio(FliteWave* wave, int start, int size, int last, FliteStreamingInfo* streaming)
    {
        try
        {
            var sink = SynthesisSinks.Current;
            if (sink is null || size <= 0)
            {
                return FliteNative.Continue;
            }

            return sink.Write(new ReadOnlySpan<short>(wave->Samples + start, size), wave->SampleRate) ? FliteNative.Continue : FliteNative.Stop;
        }
#pragma warning disable CA1031 // Nothing may unwind into flite; the failure is rethrown on the synthesizing thread.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            SynthesisSinks.Fail(ex);
            return FliteNative.Stop;
        }
    }

    private sealed class SampleRateProbe : IAudioSink
    {
        public int SampleRate { get; private set; }

        public bool Write(ReadOnlySpan<short> samples, int sampleRate)
        {
            SampleRate = sampleRate;
            return true;
        }
    }
}
