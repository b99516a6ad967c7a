using Microsoft.Extensions.Options;

namespace Platform.SttService;

/// <summary>The rules that need the file system, each failure naming the setting to change.</summary>
internal sealed class SttOptionsValidator : IValidateOptions<SttOptions>
{
    public ValidateOptionsResult Validate(string? name, SttOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.AcousticModelPath) && !File.Exists(Path.Combine(options.AcousticModelPath, "mdef")))
        {
            failures.Add($"Setting 'Stt:AcousticModelPath' is '{options.AcousticModelPath}', which is not a pocketsphinx acoustic model folder " +
                $"(no 'mdef' file in it). Install Debian's pocketsphinx-en-us, whose model is in '{SttOptions.DebianModelDirectory}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.LanguageModelPath) && !File.Exists(options.LanguageModelPath))
        {
            failures.Add($"Setting 'Stt:LanguageModelPath' is '{options.LanguageModelPath}', which is not a file.");
        }

        if (!string.IsNullOrWhiteSpace(options.DictionaryPath) && !File.Exists(options.DictionaryPath))
        {
            failures.Add($"Setting 'Stt:DictionaryPath' is '{options.DictionaryPath}', which is not a file.");
        }

        if (!string.IsNullOrWhiteSpace(options.EngineLogPath) && Path.GetDirectoryName(Path.GetFullPath(options.EngineLogPath)) is { } folder && !Directory.Exists(folder))
        {
            failures.Add($"Setting 'Stt:EngineLogPath' is '{options.EngineLogPath}', whose folder does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
