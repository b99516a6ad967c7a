namespace Platform.TtsService.Tests.Synthesis;

/// <summary>Texts to speak: a short sentence and a long passage of many sentences.</summary>
public static class Texts
{
    public const string Sentence = "The quick brown fox jumps over the lazy dog.";

    public const string German = "Guten Tag, wie geht es Ihnen? Ich möchte gerne eine große Pizza bestellen.";

    public static string Passage { get; } = string.Join(' ', Enumerable.Repeat(
        "Once upon a time, a little robot lived in a quiet town by the sea. Every morning it walked to the harbour, " +
        "counted the boats, and told the fishermen about the weather. Nobody knew where it had come from, but everybody was glad it stayed.",
        6));
}
