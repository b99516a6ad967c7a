using Platform.AppHost.Prerequisites;
using Platform.AppHost.Processes;

namespace Platform.AppHost.Hosting;

/// <summary>What a process resource gets to prepare and run itself.</summary>
internal sealed class ResourceContext
{
    /// <summary>This resource's own folder, which no other resource or application shares.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Throwaway data (test fixtures): durability may be traded for speed.</summary>
    public required bool DisposableData { get; init; }

    public required ProcessLauncher Launcher { get; init; }

    public required RepositoryLayout Repository { get; init; }

    internal required IReadOnlyDictionary<RequiredProgram, string> Programs { get; init; }

    internal required Action<string, bool> OnLine { get; init; }

    public string PathOf(RequiredProgram program) => Programs[program];

    /// <summary>Runs a one-off program (initdb, chown) to completion, its output under this resource's name.</summary>
    public async Task RunToCompletionAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var output = new List<string>();
        using var process = await Launcher.StartAsync(spec, (line, isError) =>
        {
            lock (output)
            {
                output.Add(line);
            }

            OnLine(line, isError);
        });
        var exitCode = await process.Exited.WaitAsync(cancellationToken);
        if (exitCode != 0)
        {
            string quoted;
            lock (output)
            {
                quoted = string.Join(Environment.NewLine, output.TakeLast(20));
            }

            throw new ResourceStartException(
                $"'{Path.GetFileName(spec.Executable)} {string.Join(' ', spec.Arguments)}' ended with {ChildProcess.DescribeExit(exitCode)}:{Environment.NewLine}{quoted}");
        }
    }
}
