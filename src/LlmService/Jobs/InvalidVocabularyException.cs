namespace Platform.LlmService.Jobs;

/// <summary>The model's vocabulary answer was not usable even after a repair prompt; the message says what was wrong.</summary>
public sealed class InvalidVocabularyException(string message) : Exception(message);
