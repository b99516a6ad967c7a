namespace Platform.Gateway.Speech;

/// <summary>One sentence of a spoken reply and how much audio it took, in the order it was played.</summary>
public sealed record SpokenSentence(string Text, double AudioMs);
