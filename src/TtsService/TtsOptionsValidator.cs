using Microsoft.Extensions.Options;

namespace Platform.TtsService;

/// <summary>The rules that span several settings or need the file system, each failure naming the setting to change.</summary>
internal sealed class TtsOptionsValidator : IValidateOptions<TtsOptions>
{
    public ValidateOptionsResult Validate(string? name, TtsOptions options)
    {
        var failures = new List<string>();
        if (options.FliteVoiceNames.Count == 0 && !options.EspeakNg)
        {
            failures.Add("Settings 'Tts:FliteVoices' and 'Tts:EspeakNg' leave no voice to speak with; load flite voices, espeak-ng, or both.");
        }

        if (!string.IsNullOrWhiteSpace(options.EspeakNgDataPath) && !File.Exists(Path.Combine(options.EspeakNgDataPath, "espeak-ng-data", "phondata")))
        {
            failures.Add($"Setting 'Tts:EspeakNgDataPath' is '{options.EspeakNgDataPath}', which holds no espeak-ng-data folder with a 'phondata' file.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
