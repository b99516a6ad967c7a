namespace Platform.Testing.Speech;

/// <summary>Word error rate: word-level edit distance (substitutions, insertions, deletions) over the reference's word count.</summary>
public static class WordErrorRate
{
    public static double Of(string reference, string hypothesis)
    {
        var expected = Words(reference);
        var actual = Words(hypothesis);
        var distance = new int[expected.Length + 1, actual.Length + 1];
        for (var i = 0; i <= expected.Length; i++)
        {
            distance[i, 0] = i;
        }

        for (var j = 0; j <= actual.Length; j++)
        {
            distance[0, j] = j;
        }

        for (var i = 1; i <= expected.Length; i++)
        {
            for (var j = 1; j <= actual.Length; j++)
            {
                var substitution = distance[i - 1, j - 1] + (expected[i - 1] == actual[j - 1] ? 0 : 1);
                distance[i, j] = Math.Min(substitution, Math.Min(distance[i - 1, j], distance[i, j - 1]) + 1);
            }
        }

        return (double)distance[expected.Length, actual.Length] / expected.Length;
    }

    public static string[] Words(string text) =>
        new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
