using System.ComponentModel.DataAnnotations;

namespace Platform.TtsService;

/// <summary>The <c>Tts</c> configuration section (environment <c>Tts__*</c>), validated when the service starts.</summary>
public sealed class TtsOptions
{
    public const string SectionName = "Tts";

    /// <summary>The voice of requests that name no voice and no language other than the default voice's.</summary>
    [Required(ErrorMessage = "Setting 'Tts:DefaultVoice' is required.")]
    public string DefaultVoice { get; set; } = "slt";

    /// <summary>
    /// The flite voices to load, comma-separated: each <c>name</c> is Debian's <c>libflite_cmu_us_{name}.so.1</c>
    /// (slt, rms, awb and kal16 speak at 16 kHz; kal at 8 kHz). Empty loads none.
    /// </summary>
    [RegularExpression("^\\s*([a-z0-9_]+\\s*(,\\s*[a-z0-9_]+\\s*)*)?$",
        ErrorMessage = "Setting 'Tts:FliteVoices' must be a comma-separated list of flite voice names such as slt,rms.")]
    public string FliteVoices { get; set; } = "slt,rms,awb,kal16";

    /// <summary>Whether espeak-ng's voices (about a hundred languages) are loaded.</summary>
    public bool EspeakNg { get; set; } = true;

    /// <summary>The folder that contains <c>espeak-ng-data</c>; unset uses the library's built-in location.</summary>
    public string? EspeakNgDataPath { get; set; }

    /// <summary>The longest text one call may synthesize, in characters.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Setting 'Tts:MaxTextLength' must be between {1} and {2}.")]
    public int MaxTextLength { get; set; } = 5000;

    /// <summary>Audio per streamed chunk, in milliseconds; smaller chunks reach the caller sooner but cost more messages.</summary>
    [Range(10, 1000, ErrorMessage = "Setting 'Tts:ChunkMilliseconds' must be between {1} and {2}.")]
    public int ChunkMilliseconds { get; set; } = 100;

    public IReadOnlyList<string> FliteVoiceNames =>
        FliteVoices.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
