namespace Platform.Testing;

/// <summary>
/// Removes the data folders of fixtures whose test process was killed before disposing them (a PostgreSQL cluster
/// is tens of megabytes). A running fixture holds its folder's .lock file; a folder whose lock anyone can take is stale.
/// </summary>
internal static class StaleDataFolders
{
    // A folder this young may belong to a fixture between creating it and locking it.
    private static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    public static void Remove(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories())
        {
            if (DateTime.UtcNow - folder.LastWriteTimeUtc > MinimumAge && IsAbandoned(folder.FullName))
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // Another test process is removing it too, or cannot be removed by us: not ours to insist on.
                }
            }
        }
    }

    /// <summary>An application's folder (it names its owner) whose lock nobody holds; anything else is left alone.</summary>
    private static bool IsAbandoned(string folder)
    {
        if (!File.Exists(Path.Combine(folder, ".lock-owner")))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(Path.Combine(folder, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
