namespace Platform.AppHost.Tests.Platform;

public sealed class SettingsTests
{
    [Theory]
    [InlineData("PLATFORM_GATEWAY_PORT", "abc", "Failed to convert configuration value 'abc' at 'PLATFORM_GATEWAY_PORT'")]
    [InlineData("PLATFORM_GATEWAY_PORT", "70000", "PLATFORM_GATEWAY_PORT must be a port number")]
    [InlineData("PLATFORM_DASHBOARD_PORT", "-1", "PLATFORM_DASHBOARD_PORT must be a port number")]
    public async Task A_bad_setting_stops_the_AppHost_before_anything_starts_with_a_message_naming_it(string setting, string value, string message)
    {
        await using var appHost = AppHostProcess.Start(new Dictionary<string, string> { [setting] = value });

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains($"The AppHost cannot start: {message}", appHost.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(appHost.DataDirectory));
    }
}
