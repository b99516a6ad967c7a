namespace Platform.SttService.Recognition;

/// <summary>Which requested languages the model serves: its own tag, or any tag with the same primary language.</summary>
public static class RecognitionLanguage
{
    /// <summary>The language the call is decoded in, or null when the model does not speak the requested one.</summary>
    public static string? Resolve(string requested, string modelLanguage)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(modelLanguage);
        if (string.IsNullOrWhiteSpace(requested))
        {
            return modelLanguage;
        }

        return string.Equals(PrimaryLanguage(requested.Trim()), PrimaryLanguage(modelLanguage), StringComparison.OrdinalIgnoreCase)
            ? modelLanguage
            : null;
    }

    private static string PrimaryLanguage(string tag)
    {
        var separator = tag.IndexOfAny(['-', '_']);
        return separator < 0 ? tag : tag[..separator];
    }
}
