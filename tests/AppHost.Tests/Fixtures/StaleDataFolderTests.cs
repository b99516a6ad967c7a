using Platform.Testing;

namespace Platform.AppHost.Tests.Fixtures;

public sealed class StaleDataFolderTests
{
    [Fact]
    public async Task Folders_left_by_a_killed_test_process_are_removed_and_folders_in_use_or_not_ours_are_kept()
    {
        var root = Directory.CreateTempSubdirectory("stale-folders").FullName;
        try
        {
            var stale = Folder(root, "redisfixture-stale");
            var inUse = Folder(root, "redisfixture-in-use");
            var young = Folder(root, "redisfixture-young");
            var notOurs = Folder(root, "someone-elses");
            File.Delete(Path.Combine(notOurs, ".lock-owner"));
            Directory.SetLastWriteTimeUtc(notOurs, DateTime.UtcNow.AddHours(-1));
            Directory.SetLastWriteTimeUtc(young, DateTime.UtcNow);
            await using var held = new FileStream(Path.Combine(inUse, ".lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

            StaleDataFolders.Remove(root);

            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(inUse));
            Assert.True(Directory.Exists(young));
            Assert.True(Directory.Exists(notOurs));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Folder(string root, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name, "redis")).Parent!.FullName;
        File.WriteAllText(Path.Combine(folder, ".lock"), string.Empty);
        File.WriteAllText(Path.Combine(folder, ".lock-owner"), "12345");
        Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow.AddHours(-1));
        return folder;
    }
}
