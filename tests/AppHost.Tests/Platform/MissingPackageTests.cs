namespace Platform.AppHost.Tests.Platform;

public sealed class MissingPackageTests
{
    [Fact]
    public async Task A_missing_Debian_package_stops_the_AppHost_with_a_message_naming_it()
    {
        var emptyPath = Directory.CreateTempSubdirectory("platform-empty-path").FullName;
        try
        {
            await using var appHost = AppHostProcess.Start(new Dictionary<string, string> { ["PATH"] = emptyPath });

            var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(1, exitCode);
            Assert.Contains("The platform could not start: Missing programs: 'redis-server' (package redis-server), 'epmd' (package erlang-base)", appHost.Output, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install -y --no-install-recommends redis-server erlang-base", appHost.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", appHost.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(emptyPath);
        }
    }
}
