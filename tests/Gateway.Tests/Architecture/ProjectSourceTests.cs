using System.Xml.Linq;
using Platform.Testing;

namespace Platform.Gateway.Tests.Architecture;

/// <summary>Each project compiles only its own files; what two projects share lives in a project both reference.</summary>
public sealed class ProjectSourceTests
{
    private static readonly string[] SourceItems = ["Compile", "Protobuf"];

    [Fact]
    public void NoProjectCompilesSourceFromOutsideItsOwnFolder()
    {
        var offenders = new[] { "src", "tests" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, folder), "*.csproj", SearchOption.AllDirectories))
            .SelectMany(project => Outside(project).Select(include => $"{Path.GetRelativePath(RepositoryLayout.Root, project)}: {include}"))
            .ToList();

        Assert.True(offenders.Count == 0, "Projects compiling another folder's files:\n" + string.Join("\n", offenders));
    }

    private static IEnumerable<string> Outside(string project)
    {
        var folder = Path.GetDirectoryName(project)! + Path.DirectorySeparatorChar;
        return XDocument.Load(project).Descendants()
            .Where(item => SourceItems.Contains(item.Name.LocalName))
            .Select(item => (string?)item.Attribute("Include"))
            .OfType<string>()
            .Where(include => !Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar))).StartsWith(folder, StringComparison.Ordinal));
    }
}
