namespace Platform.Gateway.Validation;

/// <summary>
/// Text that PostgreSQL can store and UTF-8 can encode. A NUL character or an unpaired surrogate passes JSON parsing
/// and would only fail when written, as a server error; checked at the edge, it is a 400 naming the field.
/// </summary>
public static class StorableText
{
    /// <summary>Why <paramref name="value"/> cannot be stored, naming <paramref name="field"/>; null when it can.</summary>
    public static string? Problem(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0')
            {
                return $"'{field}' contains a NUL character (\\u0000) at position {i}; text may not contain it.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"'{field}' contains an unpaired surrogate (\\u{(int)c:X4}) at position {i}; text must be valid Unicode.";
            }
        }

        return null;
    }
}
