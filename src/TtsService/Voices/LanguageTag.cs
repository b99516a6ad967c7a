using System.Globalization;

namespace Platform.TtsService.Voices;

/// <summary>BCP 47 tags as callers write them (en-US, en_us, EN): the primary language, and conventional casing.</summary>
public static class LanguageTag
{
    public static string Primary(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var separator = tag.IndexOfAny(['-', '_']);
        return (separator < 0 ? tag : tag[..separator]).ToLowerInvariant();
    }

    /// <summary>
    /// Lower-case language, title-case script, upper-case two-letter region, lower-case from a singleton such as
    /// <c>x-</c> on: <c>cmn-latn-pinyin</c> becomes <c>cmn-Latn-pinyin</c>, <c>en_gb_x_rp</c> becomes <c>en-GB-x-rp</c>.
    /// </summary>
    public static string Normalize(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var parts = tag.Trim().Replace('_', '-').Split('-', StringSplitOptions.RemoveEmptyEntries);
        var extension = false;
        for (var i = 0; i < parts.Length; i++)
        {
            extension |= i > 0 && parts[i].Length == 1;
            parts[i] = (i, parts[i].Length) switch
            {
                (0, _) => parts[i].ToLowerInvariant(),
                (_, 2) when !extension => parts[i].ToUpperInvariant(),
                (_, 4) when !extension => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(parts[i].ToLowerInvariant()),
                _ => parts[i].ToLowerInvariant(),
            };
        }

        return string.Join('-', parts);
    }
}
