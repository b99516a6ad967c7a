using System.Text;

namespace Platform.TtsService.Synthesis;

/// <summary>
/// Cuts text into sentences, and sentences longer than <see cref="MaxSegmentLength"/> at a comma or space, for
/// three reasons: flite computes a whole utterance's parameters before its first sample, so the first chunk of a
/// long text would otherwise wait for all of it; each segment is one job for the engine, so concurrent calls interleave
/// instead of queueing behind a long one; and cancellation also takes effect between segments.
/// </summary>
public static class TextSegmenter
{
    public const int MaxSegmentLength = 250;

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "a.m", "p.m", "sr", "jr", "st", "mt", "vs", "etc", "e.g", "i.e", "no", "approx", "dept", "fig", "inc", "ltd", "co",
    };

    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<string>();
        var sentence = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            sentence.Append(c);
            var atBoundary = i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]);
            if ((c is '\n' && i + 1 < text.Length && text[i + 1] == '\n') ||
                (c is '.' or '!' or '?' or '…' && atBoundary && !EndsWithAbbreviation(sentence)))
            {
                AddSentence(segments, sentence.ToString());
                sentence.Clear();
            }
        }

        AddSentence(segments, sentence.ToString());
        return segments;
    }

    private static bool EndsWithAbbreviation(StringBuilder sentence)
    {
        if (sentence[^1] != '.')
        {
            return false;
        }

        var end = sentence.Length - 1;
        var start = end;
        while (start > 0 && !char.IsWhiteSpace(sentence[start - 1]))
        {
            start--;
        }

        var word = sentence.ToString(start, end - start);
        // A single letter ("J. Smith") is an initial.
        return (word.Length == 1 && char.IsLetter(word[0])) || Abbreviations.Contains(word);
    }

    private static void AddSentence(List<string> segments, string sentence)
    {
        var rest = sentence.Trim();
        while (rest.Length > MaxSegmentLength)
        {
            var window = rest[..MaxSegmentLength];
            var cut = window.LastIndexOfAny([',', ';', ':']);
            if (cut < MaxSegmentLength / 3)
            {
                cut = window.LastIndexOf(' ');
            }

            cut = cut < MaxSegmentLength / 3 ? MaxSegmentLength : cut + 1;
            segments.Add(rest[..cut].Trim());
            rest = rest[cut..].Trim();
        }

        if (rest.Length > 0)
        {
            segments.Add(rest);
        }
    }
}
