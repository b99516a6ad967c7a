using Platform.Gateway.Tests.Jobs;

namespace Platform.Gateway.Tests.Scenarios;

/// <summary>Jobs and turns on a model that answers every prompt with a verdict completing the restaurant's judged objective.</summary>
public sealed class JudgePlatform() : ModelServerPlatform(Verdict)
{
    public const string Verdict = "{\"completed\": [\"small-talk\"]}";
}
