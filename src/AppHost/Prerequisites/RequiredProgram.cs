namespace Platform.AppHost.Prerequisites;

/// <summary>
/// A program a resource runs and the package that provides it. Each candidate is either a bare command, looked up on
/// PATH, or an absolute path, where one <c>*</c> stands for a version folder (the highest version wins).
/// </summary>
public sealed record RequiredProgram(string Name, string Package, IReadOnlyList<string> Candidates)
{
    public RequiredProgram(string name, string package)
        : this(name, package, [name])
    {
    }
}
