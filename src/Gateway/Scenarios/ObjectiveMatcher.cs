using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Gateway.Scenarios;

/// <summary>
/// Decides deterministically which open rule-based objectives a learner's message completes, so scoring works the
/// same with any model and in tests. Phrases match whole words in any case, ignoring punctuation; patterns are
/// regular expressions in any case.
/// </summary>
public static class ObjectiveMatcher
{
    public static IReadOnlyList<ScenarioObjective> Completed(Scenario scenario, IReadOnlySet<string> alreadyCompleted, string message)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(alreadyCompleted);
        var words = Words(message);
        return scenario.Objectives
            .Where(o => !o.Judge && !alreadyCompleted.Contains(o.Id))
            .Where(o => o.Phrases.Any(p => words.Contains(Words(p), StringComparison.Ordinal)) || o.CompiledPatterns.Any(p => Matches(p, message)))
            .ToList();
    }

    private static bool Matches(Regex pattern, string message)
    {
        try
        {
            return pattern.IsMatch(message);
        }
        catch (RegexMatchTimeoutException)
        {
            // A pathological message must not hold up the turn; it simply completes nothing by this pattern.
            return false;
        }
    }

    /// <summary>The text's words in lower case, each between single spaces, so a phrase is found only as whole words.</summary>
    private static string Words(string text)
    {
        var words = new StringBuilder(" ");
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                words.Append(c);
            }
            else if (words[^1] != ' ')
            {
                words.Append(' ');
            }
        }

        if (words[^1] != ' ')
        {
            words.Append(' ');
        }

        return words.ToString();
    }
}
