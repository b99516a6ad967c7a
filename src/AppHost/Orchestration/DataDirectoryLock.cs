using System.Globalization;

namespace Platform.AppHost.Orchestration;

/// <summary>Holds a data folder for one application at a time, so two AppHosts never share a database's files.</summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream file;

    private DataDirectoryLock(FileStream file) => this.file = file;

    public static DataDirectoryLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        // The lock file cannot be read while held (every .NET open takes a lock), so the holder is named beside it.
        var owner = Path.Combine(directory, ".lock-owner");
        try
        {
            var file = new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(owner, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new DataDirectoryLock(file);
        }
        catch (IOException)
        {
            var holder = File.Exists(owner) ? File.ReadAllText(owner).Trim() : "unknown";
            throw new DataDirectoryInUseException(
                $"Another AppHost (pid {holder}) is using the data folder {directory}. Stop it, or set PLATFORM_DATA_DIR to another folder.");
        }
    }

    public void Dispose() => file.Dispose();
}
