namespace Platform.Gateway.Tests.Jobs;

/// <summary>Jobs on a model that answers every prompt with a valid vocabulary array.</summary>
public sealed class VocabularyPlatform() : ModelServerPlatform(OpenAIModelServer.VocabularyAnswer);
