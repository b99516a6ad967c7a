using System.Text;

namespace Platform.Gateway.Speech;

/// <summary>
/// Cuts a reply that arrives token by token into sentences, so each can be spoken while the model is still
/// writing the next. A sentence ends at . ! ? … (with any closing quotes or brackets) followed by white space, or
/// at a line break; common abbreviations do not end one; an overlong run is cut at its last comma or space. With
/// <paramref name="firstClauseWords"/>, the reply's first piece also ends at a , ; or : followed by white space once it
/// has that many words, so speech can start before a slow model has finished the first sentence.
/// </summary>
public sealed class SentenceSplitter(int maxLength = 240, int firstClauseWords = 0)
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "approx", "no", "fig", "sra", "dra", "a.m", "p.m",
    };

    private readonly StringBuilder pending = new();
    private bool anyTaken;

    /// <summary>Adds text and returns the sentences it completed, in order.</summary>
    public IReadOnlyList<string> Add(string text)
    {
        pending.Append(text);
        var sentences = new List<string>();
        while (NextBoundary() is { } end)
        {
            Take(end, sentences);
        }

        while (pending.Length > maxLength)
        {
            var cut = LastBreak(maxLength);
            Take(cut, sentences);
        }

        return sentences;
    }

    /// <summary>Whatever is left when the reply ends.</summary>
    public string? Flush()
    {
        var rest = pending.ToString().Trim();
        pending.Clear();
        return rest.Length > 0 ? rest : null;
    }

    private int? NextBoundary()
    {
        for (var i = 0; i < pending.Length; i++)
        {
            var c = pending[i];
            if (c == '\n')
            {
                return i + 1;
            }

            if (!anyTaken && firstClauseWords > 0 && c is ',' or ';' or ':' && i + 1 < pending.Length && char.IsWhiteSpace(pending[i + 1]) && WordsBefore(i) >= firstClauseWords)
            {
                return i + 1;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            var end = i + 1;
            while (end < pending.Length && pending[end] is '.' or '!' or '?' or '"' or '\'' or ')' or '»' or '”' or '’')
            {
                end++;
            }

            if (end >= pending.Length)
            {
                return null;
            }

            if (char.IsWhiteSpace(pending[end]) && !(c == '.' && EndsWithAbbreviation(i)))
            {
                return end;
            }

            i = end - 1;
        }

        return null;
    }

    private int WordsBefore(int end)
    {
        var words = 0;
        for (var i = 0; i < end; i++)
        {
            if (!char.IsWhiteSpace(pending[i]) && (i == 0 || char.IsWhiteSpace(pending[i - 1])))
            {
                words++;
            }
        }

        return words;
    }

    private bool EndsWithAbbreviation(int dot)
    {
        var start = dot;
        while (start > 0 && (char.IsLetter(pending[start - 1]) || pending[start - 1] == '.'))
        {
            start--;
        }

        var word = pending.ToString(start, dot - start);
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    private int LastBreak(int limit)
    {
        var text = pending.ToString(0, limit);
        var comma = text.LastIndexOf(", ", StringComparison.Ordinal);
        if (comma > limit / 2)
        {
            return comma + 1;
        }

        var space = text.LastIndexOf(' ');
        return space > 0 ? space : limit;
    }

    private void Take(int length, List<string> sentences)
    {
        var sentence = pending.ToString(0, length).Trim();
        pending.Remove(0, length);
        if (sentence.Length > 0)
        {
            sentences.Add(sentence);
            anyTaken = true;
        }
    }
}
