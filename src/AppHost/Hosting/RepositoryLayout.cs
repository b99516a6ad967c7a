using System.Reflection;
using System.Runtime.Versioning;

namespace Platform.AppHost.Hosting;

/// <summary>Where the repository is and where each project's build output lies.</summary>
public sealed class RepositoryLayout(string root)
{
    private const string SolutionFile = "Platform.sln";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The configuration this AppHost was built in; it launches services built the same way.</summary>
    public static string BuildConfiguration { get; } =
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The folder under bin/{configuration}/ that builds of this solution produce, for example net10.0.</summary>
    public static string TargetFrameworkFolder { get; } = FrameworkFolder();

    /// <summary>The repository that holds this program's build output.</summary>
    public static RepositoryLayout Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return new RepositoryLayout(directory.FullName);
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}: run the AppHost from its build output inside the repository.");
    }

    /// <summary>The folder of project <paramref name="projectName"/> (under src/ or tests/).</summary>
    public string ProjectDirectory(string projectName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectName);
        return new[] { "src", "tests" }
            .Select(folder => Path.Combine(Root, folder, projectName))
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, projectName + ".csproj")))
            ?? throw new ResourceStartException($"No project '{projectName}' under {Root}/src or {Root}/tests.");
    }

    /// <summary>The built assembly of project <paramref name="projectName"/>, in this AppHost's configuration.</summary>
    public string ProjectAssembly(string projectName) =>
        Path.Combine(ProjectDirectory(projectName), "bin", BuildConfiguration, TargetFrameworkFolder, projectName + ".dll");

    private static string FrameworkFolder()
    {
        var framework = typeof(RepositoryLayout).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        var version = framework?.Split("Version=v") is [_, var number] ? number : Environment.Version.ToString(2);
        return "net" + version;
    }
}
