using Platform.AppHost.Hosting;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Executables;

/// <summary>Any program, supervised like the rest; it counts as running once launched, or once its readiness check passes.</summary>
public sealed class ExecutableResource(string name, string command, IReadOnlyList<string> arguments) : ProcessResource(name)
{
    public string Command { get; } = command;

    public IReadOnlyList<string> Arguments { get; } = arguments;

    internal Func<CancellationToken, Task<bool>>? ReadinessCheck { get; set; }

    internal override ProcessSpec CreateProcess(ResourceContext context) => new(Command, Arguments) { WorkingDirectory = context.DataDirectory };

    internal override Task<bool> IsReadyAsync(ResourceContext context, CancellationToken cancellationToken) =>
        ReadinessCheck?.Invoke(cancellationToken) ?? Task.FromResult(true);
}
