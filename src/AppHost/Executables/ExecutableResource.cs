using Platform.AppHost.Hosting;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Executables;

/// <summary>Any program, supervised like the rest; it counts as running once launched.</summary>
public sealed class ExecutableResource(string name, string command, IReadOnlyList<string> arguments) : ProcessResource(name)
{
    public string Command { get; } = command;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    internal override ProcessSpec CreateProcess(ResourceContext context) => new(Command, Arguments) { WorkingDirectory = context.DataDirectory };
}
