namespace Platform.Testing;

/// <summary>
/// Removes the data folders of fixtures whose test process was killed before disposing them (a PostgreSQL cluster
/// is tens of megabytes). A running fixture holds its folder's .lock file; a folder whose lock anyone can take is stale.
/// </summary>
internal static class StaleDataFolders
{
    private const string LockFile = ".lock";

    // A folder this young may belong to a fixture between creating it and locking it.
    private static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(1);

    /// <summary>Marks <paramref name="folder"/> as in use for as long as the returned stream is open.</summary>
    public static FileStream Lock(string folder) =>
        new(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

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
                Delete(folder.FullName);
            }
        }
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Another test process is removing it too, or a server still writes into it: the next run removes it.
        }
    }

    /// <summary>A fixture's folder whose lock nobody holds; anything else is left alone.</summary>
    private static bool IsAbandoned(string folder)
    {
        if (!File.Exists(Path.Combine(folder, LockFile)))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(Path.Combine(folder, LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
