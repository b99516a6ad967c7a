using Platform.AppHost.Orchestration;

namespace Platform.AppHost.Tests.Supervision;

public sealed class DataDirectoryLockTests
{
    [Fact]
    public void A_data_folder_held_by_one_application_is_refused_to_another_with_a_message_naming_the_setting()
    {
        var folder = Directory.CreateTempSubdirectory("data-lock").FullName;
        try
        {
            using (DataDirectoryLock.Acquire(folder))
            {
                var refused = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(folder));
                Assert.Contains($"(pid {Environment.ProcessId}) is using the data folder {folder}", refused.Message, StringComparison.Ordinal);
                Assert.Contains("PLATFORM_DATA_DIR", refused.Message, StringComparison.Ordinal);
            }

            using var again = DataDirectoryLock.Acquire(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
