namespace Platform.Web.Tests.Infrastructure;

/// <summary>Where the browser tests leave files for people to look at: tests/Web.Tests/TestResults/screenshots.</summary>
public static class Artifacts
{
    public static string Screenshots { get; } = Path.Combine(WebPlatform.RepositoryRoot, "tests", "Web.Tests", "TestResults", "screenshots");

    public static string ScreenshotPath(string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, name + ".png");
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        return path;
    }
}
