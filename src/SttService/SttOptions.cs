using System.ComponentModel.DataAnnotations;

namespace Platform.SttService;

/// <summary>The <c>Stt</c> configuration section (environment <c>Stt__*</c>), validated when the service starts.</summary>
public sealed class SttOptions
{
    public const string SectionName = "Stt";

    /// <summary>Where Debian's pocketsphinx-en-us package puts its model.</summary>
    public const string DebianModelDirectory = "/usr/share/pocketsphinx/model/en-us";

    /// <summary>The acoustic model folder (pocketsphinx <c>-hmm</c>).</summary>
    [Required(ErrorMessage = "Setting 'Stt:AcousticModelPath' is required.")]
    public string AcousticModelPath { get; set; } = Path.Combine(DebianModelDirectory, "en-us");

    /// <summary>The n-gram language model (pocketsphinx <c>-lm</c>).</summary>
    [Required(ErrorMessage = "Setting 'Stt:LanguageModelPath' is required.")]
    public string LanguageModelPath { get; set; } = Path.Combine(DebianModelDirectory, "en-us.lm.bin");

    /// <summary>The pronunciation dictionary (pocketsphinx <c>-dict</c>).</summary>
    [Required(ErrorMessage = "Setting 'Stt:DictionaryPath' is required.")]
    public string DictionaryPath { get; set; } = Path.Combine(DebianModelDirectory, "cmudict-en-us.dict");

    /// <summary>The BCP 47 tag of the model's language; requests may name it or any tag with the same primary language.</summary>
    [Required(ErrorMessage = "Setting 'Stt:Language' is required.")]
    [RegularExpression("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", ErrorMessage = "Setting 'Stt:Language' must be a BCP 47 tag such as en-US.")]
    public string Language { get; set; } = "en-US";

    /// <summary>Decoders loaded at start, each decoding one call at a time; 0 loads one per CPU core.</summary>
    [Range(0, 64, ErrorMessage = "Setting 'Stt:Decoders' must be between {1} and {2}.")]
    public int Decoders { get; set; }

    /// <summary>Calls that may wait for a free decoder; one more is refused with RESOURCE_EXHAUSTED.</summary>
    [Range(0, 100_000, ErrorMessage = "Setting 'Stt:QueueCapacity' must be between {1} and {2}.")]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>
    /// The largest audio payload accepted. The gRPC transport's receive limit is raised to twice this, so larger
    /// audio up to that gets INVALID_ARGUMENT naming this setting; beyond it the transport refuses the message.
    /// </summary>
    [Range(1024, 100 * 1024 * 1024, ErrorMessage = "Setting 'Stt:MaxAudioBytes' must be between {1} and {2}.")]
    public int MaxAudioBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The longest audio accepted, in seconds.</summary>
    [Range(1, 3600, ErrorMessage = "Setting 'Stt:MaxAudioSeconds' must be between {1} and {2}.")]
    public int MaxAudioSeconds { get; set; } = 60;

    /// <summary>Audio fed to the decoder per step; a partial hypothesis may follow each step.</summary>
    [Range(10, 2000, ErrorMessage = "Setting 'Stt:StepMilliseconds' must be between {1} and {2}.")]
    public int StepMilliseconds { get; set; } = 100;

    /// <summary>StreamTranscribe: silence after speech that ends an utterance, unless the call asks for another.</summary>
    [Range(50, 5000, ErrorMessage = "Setting 'Stt:TrailingSilenceMilliseconds' must be between {1} and {2}.")]
    public int TrailingSilenceMilliseconds { get; set; } = 300;

    /// <summary>StreamTranscribe: voiced audio in a row that counts as the start of speech, so a click does not.</summary>
    [Range(10, 1000, ErrorMessage = "Setting 'Stt:MinSpeechMilliseconds' must be between {1} and {2}.")]
    public int MinSpeechMilliseconds { get; set; } = 60;

    /// <summary>StreamTranscribe: audio before the start of speech that is decoded with it, for the word's first sound.</summary>
    [Range(0, 2000, ErrorMessage = "Setting 'Stt:PreRollMilliseconds' must be between {1} and {2}.")]
    public int PreRollMilliseconds { get; set; } = 300;

    /// <summary>StreamTranscribe: the level (dB of full scale) a 10 ms frame must pass to count as speech.</summary>
    [Range(-90.0, -5.0, ErrorMessage = "Setting 'Stt:SpeechThresholdDbfs' must be between {1} and {2}.")]
    public double SpeechThresholdDbfs { get; set; } = -45;

    /// <summary>StreamTranscribe: how far above the microphone's noise floor (dB) a frame must be to count as speech.</summary>
    [Range(0.0, 60.0, ErrorMessage = "Setting 'Stt:NoiseMarginDb' must be between {1} and {2}.")]
    public double NoiseMarginDb { get; set; } = 12;

    /// <summary>StreamTranscribe: the largest audio message, so one message cannot hold more than a moment of audio.</summary>
    [Range(320, 4 * 1024 * 1024, ErrorMessage = "Setting 'Stt:MaxStreamMessageBytes' must be between {1} and {2}.")]
    public int MaxStreamMessageBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Runs pocketsphinx's second passes (flat-lexicon search, then the lattice's best path) when an utterance ends.
    /// Off by default: measured on the flite test sentences they took the end of an utterance from 55 to 226 ms (p50)
    /// for a word error rate of 9.0% instead of 9.4%, and without them the final is the last partial far more often,
    /// which is what speculative generation needs.
    /// </summary>
    public bool SecondPasses { get; set; }

    /// <summary>A file that receives pocketsphinx's own log; unset discards it (it is verbose and goes to stderr otherwise).</summary>
    public string? EngineLogPath { get; set; }

    /// <summary>The decoder count once <see cref="Decoders"/> is resolved.</summary>
    public int DecoderCount => Decoders > 0 ? Decoders : Environment.ProcessorCount;
}
