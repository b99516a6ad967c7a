namespace Platform.AppHost.Prerequisites;

/// <summary>Programs the platform needs are not installed; the message names each one's package and the install command.</summary>
public sealed class MissingPrerequisitesException(IReadOnlyList<RequiredProgram> missing) : Exception(Describe(missing))
{
    public IReadOnlyList<RequiredProgram> Missing { get; } = missing;

    private static string Describe(IReadOnlyList<RequiredProgram> missing)
    {
        var programs = string.Join(", ", missing.Select(program => $"'{program.Name}' (package {program.Package})"));
        var packages = string.Join(' ', missing.Select(program => program.Package).Distinct());
        return $"Missing programs: {programs}. Install them with 'sudo apt-get install -y --no-install-recommends {packages}', " +
            "or run 'bash scripts/prerequisites.sh', then start again.";
    }
}
