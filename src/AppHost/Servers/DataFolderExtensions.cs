namespace Platform.AppHost.Servers;

public static class DataFolderExtensions
{
    public const string DataDirectoryKey = "PLATFORM_DATA_DIR";

    /// <summary>The folder a server resource keeps its data in: PLATFORM_DATA_DIR/{resource}, created on first use.</summary>
    public static string DataFolderOf(this IDistributedApplicationBuilder builder, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = builder.Configuration[DataDirectoryKey] ?? throw new InvalidOperationException($"Set '{DataDirectoryKey}' before adding servers.");
        return Directory.CreateDirectory(Path.Combine(root, resourceName)).FullName;
    }
}
