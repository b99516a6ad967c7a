namespace Platform.SttService.Pocketsphinx;

/// <summary>
/// The three files a decoder is built from, and whether it runs pocketsphinx's second passes (flat-lexicon search and
/// lattice best path) when an utterance ends.
/// </summary>
public sealed record PocketsphinxModel(string AcousticModelPath, string LanguageModelPath, string DictionaryPath, bool SecondPasses = false)
{
    public static PocketsphinxModel From(SttOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PocketsphinxModel(options.AcousticModelPath, options.LanguageModelPath, options.DictionaryPath, options.SecondPasses);
    }

    public override string ToString() =>
        $"pocketsphinx {Path.GetFileName(AcousticModelPath)} ({Path.GetFileName(LanguageModelPath)}, {Path.GetFileName(DictionaryPath)}{(SecondPasses ? ", second passes" : string.Empty)})";
}
