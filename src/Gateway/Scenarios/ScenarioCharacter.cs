namespace Platform.Gateway.Scenarios;

/// <summary>Who the learner talks with: <paramref name="Persona"/> becomes the system prompt, <paramref name="OpeningLine"/> its first message.</summary>
public sealed record ScenarioCharacter(string Name, string Persona, string OpeningLine);
