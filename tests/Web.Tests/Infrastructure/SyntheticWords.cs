namespace Platform.Web.Tests.Infrastructure;

/// <summary>What the SYNTHETIC source says when it has no script: "w0 w1 w2 ...".</summary>
public static class SyntheticWords
{
    public static string Reply(int tokens) => string.Join(' ', Enumerable.Range(0, tokens).Select(i => $"w{i}"));
}
