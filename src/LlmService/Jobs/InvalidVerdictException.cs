namespace Platform.LlmService.Jobs;

/// <summary>The model's verdict on objectives was not usable even after a repair prompt; the message says what was wrong.</summary>
public sealed class InvalidVerdictException(string message) : Exception(message);
