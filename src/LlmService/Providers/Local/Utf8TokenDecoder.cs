using System.Text;

namespace Platform.LlmService.Providers.Local;

/// <summary>
/// Turns the bytes of successive tokens into text without splitting a character: a token may end in the middle of a
/// multi-byte UTF-8 sequence, so those bytes wait for the token that completes them.
/// </summary>
internal sealed class Utf8TokenDecoder
{
    private readonly List<byte> pending = new(8);

    public string Append(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            pending.Add(b);
        }

        var complete = CompleteLength();
        if (complete == 0)
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending)[..complete]);
        pending.RemoveRange(0, complete);
        return text;
    }

    /// <summary>What is left at the end of a generation; bytes that never became a character turn into U+FFFD.</summary>
    public string Flush()
    {
        var text = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending));
        pending.Clear();
        return text;
    }

    /// <summary>How many leading bytes end on a character boundary: all of them unless the last sequence is unfinished.</summary>
    private int CompleteLength()
    {
        var count = pending.Count;
        for (var back = 1; back <= Math.Min(4, count); back++)
        {
            var b = pending[count - back];
            if ((b & 0xC0) == 0x80)
            {
                continue;
            }

            var needed = b switch
            {
                >= 0xF0 and <= 0xF7 => 4,
                >= 0xE0 => 3,
                >= 0xC0 => 2,
                _ => 1,
            };
            return needed > back && b >= 0xC0 && b <= 0xF7 ? count - back : count;
        }

        return count;
    }
}
