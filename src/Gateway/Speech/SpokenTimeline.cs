namespace Platform.Gateway.Speech;

/// <summary>
/// What a reply's audio said and when: its sentences in order with their audio's length, so that a client that
/// reports how much it played can be told which words were heard (OpenAI Realtime's truncate).
/// </summary>
public sealed class SpokenTimeline
{
    private readonly Lock gate = new();
    private readonly List<(string Text, double AudioMs)> sentences = [];

    public void Add(int sentence, string text, double audioMs)
    {
        lock (gate)
        {
            while (sentences.Count <= sentence)
            {
                sentences.Add((text, 0));
            }

            sentences[sentence] = (text, sentences[sentence].AudioMs + audioMs);
        }
    }

    public IReadOnlyList<SpokenSentence> Sentences
    {
        get
        {
            lock (gate)
            {
                return [.. sentences.Select(s => new SpokenSentence(s.Text, s.AudioMs))];
            }
        }
    }

    /// <summary>
    /// The words of <paramref name="reply"/> heard in the first <paramref name="playedMs"/> of its audio: whole
    /// sentences, then of a sentence cut short the share of its words that its played share of audio holds; null when
    /// the whole reply was heard. All of the audio played is not the whole reply when the reply was cancelled before
    /// its later sentences were spoken.
    /// </summary>
    public static string? Heard(IReadOnlyList<SpokenSentence> spoken, double playedMs, string reply)
    {
        ArgumentNullException.ThrowIfNull(spoken);
        ArgumentNullException.ThrowIfNull(reply);
        var heard = new List<string>();
        var start = 0.0;
        foreach (var sentence in spoken)
        {
            if (playedMs >= start + sentence.AudioMs)
            {
                heard.Add(sentence.Text);
                start += sentence.AudioMs;
                continue;
            }

            var words = Words(sentence.Text);
            var share = sentence.AudioMs <= 0 ? 0 : Math.Clamp((playedMs - start) / sentence.AudioMs, 0, 1);
            var count = (int)Math.Floor(words.Length * share);
            if (count > 0)
            {
                heard.Add(string.Join(' ', words[..count]));
            }

            return string.Join(' ', heard);
        }

        var all = string.Join(' ', heard);
        return Words(all).Length >= Words(reply).Length ? null : all;
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
