namespace Platform.Gateway.Prompting;

/// <summary>
/// Which of a conversation's messages since its summary go into a turn's prompt: all of them up to
/// <c>Gateway:PromptHistoryMessages</c> (20), and past that the oldest leave in blocks of <see cref="Step"/> (so 11 to
/// 20 are kept), not one exchange a turn. LlmService keeps each conversation's decoded prompt and reuses the longest
/// prefix the next prompt shares with it; a window that slid by two messages every turn would change the prompt right
/// after the system part, so every turn would decode its whole prompt again. Moving in blocks, the start stays put for
/// the next few turns and only the turn that moves it pays.
/// </summary>
public static class PromptHistoryWindow
{
    /// <summary>
    /// Messages left out at a time: even, so a block ends where a question begins, and the same as LlmService's own
    /// trimming step (its <c>ContextWindow.TrimStep</c>), so when it leaves out more to fit the model's context the two
    /// still agree on where the kept history starts.
    /// </summary>
    public const int Step = 10;

    /// <summary>How many of the latest of <paramref name="messages"/> messages a window of <paramref name="window"/> keeps.</summary>
    public static int Kept(int messages, int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        if (messages <= window)
        {
            return messages;
        }

        var step = Math.Min(Step, window);
        var leftOut = (messages - window + step - 1) / step * step;
        return messages - leftOut;
    }
}
