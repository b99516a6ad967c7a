namespace Platform.Testing.Speech;

/// <summary>Short everyday sentences, as a voice assistant or language tutor hears them.</summary>
public static class TestSentences
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Please turn on the kitchen lights.",
        "The weather is nice today.",
        "I would like to order a large pizza.",
        "What time does the train leave?",
        "My name is John and I live in London.",
        "Can you help me find the nearest hospital?",
        "I want to learn how to speak Spanish.",
        "Thank you very much for your help.",
        "Where is the bus station?",
        "Open the door and close the window.",
    ];
}
