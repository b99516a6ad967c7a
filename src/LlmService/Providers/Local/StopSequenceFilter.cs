using System.Text;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// Ends a generation at the first stop sequence and keeps it out of the text. Text that could still turn out to be the
/// start of a stop sequence is held back until the next token decides it.
/// </summary>
internal sealed class StopSequenceFilter(IReadOnlyList<string> stops)
{
    private readonly StringBuilder held = new();

    /// <summary>The text that is safe to send; <paramref name="stopped"/> says a stop sequence was reached.</summary>
    public string Push(string text, out bool stopped)
    {
        stopped = false;
        if (stops.Count == 0)
        {
            return text;
        }

        held.Append(text);
        var all = held.ToString();
        var first = -1;
        foreach (var stop in stops)
        {
            var at = all.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && (first < 0 || at < first))
            {
                first = at;
            }
        }

        if (first >= 0)
        {
            stopped = true;
            held.Clear();
            return all[..first];
        }

        var keep = LongestPendingPrefix(all);
        held.Clear().Append(all, all.Length - keep, keep);
        return all[..^keep];
    }

    public string Flush()
    {
        var rest = held.ToString();
        held.Clear();
        return rest;
    }

    private int LongestPendingPrefix(string text)
    {
        var longest = 0;
        foreach (var stop in stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
