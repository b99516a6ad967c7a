using Platform.AppHost.Prerequisites;

namespace Platform.AppHost.Tests.Prerequisites;

public sealed class ProgramLocatorTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("program-locator");

    [Fact]
    public void Every_missing_program_is_named_with_its_package_and_the_command_that_installs_them()
    {
        var present = Executable("bin", "present");
        var locator = new ProgramLocator(Path.GetDirectoryName(present));

        var failure = Assert.Throws<MissingPrerequisitesException>(() => locator.Resolve(
        [
            new RequiredProgram("present", "present-package"),
            new RequiredProgram("redis-server", "redis-server"),
            new RequiredProgram("epmd", "erlang-base"),
        ]));

        Assert.Equal(
            "Missing programs: 'redis-server' (package redis-server), 'epmd' (package erlang-base). " +
            "Install them with 'sudo apt-get install -y --no-install-recommends redis-server erlang-base', " +
            "or run 'bash scripts/prerequisites.sh', then start again.",
            failure.Message);
    }

    [Fact]
    public void A_versioned_install_location_resolves_to_the_highest_version()
    {
        Executable(Path.Combine("lib", "9.6", "bin"), "postgres");
        var newest = Executable(Path.Combine("lib", "15", "bin"), "postgres");
        Executable(Path.Combine("lib", "12", "bin"), "postgres");
        var program = new RequiredProgram("postgres", "postgresql", [Path.Combine(folder.FullName, "lib", "*", "bin", "postgres")]);

        Assert.Equal(newest, new ProgramLocator(searchPath: null).Find(program));
    }

    [Fact]
    public void A_file_that_is_not_executable_does_not_count()
    {
        var path = Executable("bin", "redis-server");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Null(new ProgramLocator(Path.GetDirectoryName(path)).Find(new RequiredProgram("redis-server", "redis-server")));
    }

    public void Dispose() => folder.Delete(recursive: true);

    private string Executable(string directory, string name)
    {
        var path = Path.Combine(folder.FullName, directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
