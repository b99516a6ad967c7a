using Platform.TtsService.Voices;

namespace Platform.TtsService.Tests.Voices;

/// <summary>Which voice a request gets, on the catalog the shared service loaded.</summary>
public sealed class VoiceCatalogTests(SharedTtsServer shared)
{
    [Theory]
    [InlineData(null, null, "slt")]
    [InlineData("", "en", "slt")]
    [InlineData("", "en-GB", "slt")]
    [InlineData("", "EN_us", "slt")]
    [InlineData("RMS", null, "rms")]
    [InlineData("", "de", "espeak-ng/de")]
    [InlineData("", "de-CH", "espeak-ng/de")]
    [InlineData("", "fr", "espeak-ng/fr")]
    [InlineData("", "fr-BE", "espeak-ng/fr-BE")]
    [InlineData("", "pt", "espeak-ng/pt")]
    [InlineData("", "pt-br", "espeak-ng/pt-BR")]
    [InlineData("", "es-MX", "espeak-ng/es-419")]
    [InlineData("", "zh", "espeak-ng/cmn")]
    [InlineData("espeak-ng/en-GB-x-rp", "en", "espeak-ng/en-GB-x-rp")]
    [InlineData("espeak-ng/es", "es-ES", "espeak-ng/es")]
    public void RequestGetsTheVoiceNamedElseTheBestForItsLanguage(string? voice, string? language, string expected)
    {
        Assert.Equal(expected, shared.Server.Catalog.Select(voice, language).Name);
    }

    [Fact]
    public void DefaultVoiceMustBeALoadedVoice()
    {
        var voices = shared.Server.Catalog.Voices;

        var failure = Assert.Throws<InvalidOperationException>(() =>
            new VoiceCatalog([(shared.Server.Catalog.EngineOf(voices[0]), voices)], "nobody"));

        Assert.Contains("Tts:DefaultVoice", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en-us", "en-US")]
    [InlineData("cmn-latn-pinyin", "cmn-Latn-pinyin")]
    [InlineData("es-419", "es-419")]
    [InlineData("EN_gb_x_rp", "en-GB-x-rp")]
    public void LanguageTagsGetConventionalCasing(string tag, string expected)
    {
        Assert.Equal(expected, LanguageTag.Normalize(tag));
    }
}
