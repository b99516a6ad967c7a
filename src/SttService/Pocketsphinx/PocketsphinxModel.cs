namespace Platform.SttService.Pocketsphinx;

/// <summary>The three files a decoder is built from.</summary>
public sealed record PocketsphinxModel(string AcousticModelPath, string LanguageModelPath, string DictionaryPath)
{
    public static PocketsphinxModel From(SttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PocketsphinxModel(options.AcousticModelPath, options.LanguageModelPath, options.DictionaryPath);
    }

    public override string ToString() => $"pocketsphinx {Path.GetFileName(AcousticModelPath)} ({Path.GetFileName(LanguageModelPath)}, {Path.GetFileName(DictionaryPath)})";
}
