using Platform.Contracts.Llm;
using Platform.Gateway.Conversations;

namespace Platform.Gateway.Prompting;

/// <summary>
/// The one place a turn's prompt is made: the system prompt from the conversation's persona, language, level and
/// scenario, then the latest summary, then the most recent messages (<see cref="PromptHistoryWindow"/>). Each part only
/// grows from one turn to the next, so a new turn's prompt starts with the last one's, which LlmService reuses.
/// </summary>
public static class PromptBuilder
{
    public static IReadOnlyList<ChatMessage> Build(PromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messages = new List<ChatMessage> { new() { Role = Role.System, Content = SystemPrompt(context.Conversation, context.Summary) } };
        var kept = PromptHistoryWindow.Kept(context.MessagesSinceSummary, Math.Max(1, context.RecentMessages.Count));
        foreach (var message in context.RecentMessages.Skip(context.RecentMessages.Count - kept))
        {
            messages.Add(new ChatMessage
            {
                Role = message.Role == "assistant" ? Role.Assistant : Role.User,
                Content = message.Content,
            });
        }

        return messages;
    }

    internal static string SystemPrompt(Conversation conversation, Summary? summary)
    {
        var prompt = new System.Text.StringBuilder(conversation.Persona.Length > 0 ? conversation.Persona : "You are a friendly, patient conversation partner.");
        prompt.Append(' ').Append("Reply in ").Append(LanguageName(conversation.Language)).Append('.');
        if (conversation.Level.Length > 0)
        {
            prompt.Append(" The user is a learner at CEFR level ").Append(conversation.Level)
                .Append(": keep your vocabulary and grammar at that level, and keep replies short.");
        }

        if (conversation.Scenario.Length > 0)
        {
            prompt.Append(" Scenario: ").Append(conversation.Scenario).Append('.');
        }

        if (summary is not null)
        {
            prompt.Append("\n\nSummary of the conversation so far: ").Append(summary.Content);
        }

        return prompt.ToString();
    }

    // The process runs with invariant globalization, so culture data cannot name languages.
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "English", ["es"] = "Spanish", ["fr"] = "French", ["de"] = "German", ["it"] = "Italian",
        ["pt"] = "Portuguese", ["nl"] = "Dutch", ["sv"] = "Swedish", ["pl"] = "Polish", ["ru"] = "Russian",
        ["uk"] = "Ukrainian", ["tr"] = "Turkish", ["ar"] = "Arabic", ["hi"] = "Hindi", ["zh"] = "Chinese",
        ["ja"] = "Japanese", ["ko"] = "Korean", ["el"] = "Greek", ["cs"] = "Czech", ["fi"] = "Finnish",
    };

    private static string LanguageName(string tag)
    {
        var primary = tag.Split('-', 2)[0];
        return LanguageNames.GetValueOrDefault(primary, tag);
    }
}
