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
        var path = Path.Combine(directory, ".lock");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            }

            return new DataDirectoryLock(file);
        }
        catch (IOException)
        {
            var holder = File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
            throw new DataDirectoryInUseException(
                $"Another AppHost (pid {holder}) is using the data folder {directory}. Stop it, or set PLATFORM_DATA_DIR to another folder.");
        }
    }

    public void Dispose() => file.Dispose();
}
