using System.Diagnostics;
using System.Text.Json;

namespace Platform.ServiceDefaults.Tests.Grpc;

/// <summary>Runs the python3-grpcio scripts beside the tests with Debian's interpreter, which has grpcio.</summary>
public static class PythonPeer
{
    private const string Interpreter = "/usr/bin/python3";

    public static string ScriptPath(string name) => Path.Combine(AppContext.BaseDirectory, "Grpc", "Python", name);

    /// <summary>Runs interop_client.py for one scenario and returns the JSON object it prints.</summary>
    public static async Task<JsonElement> RunClientAsync(string target, string scenario, string argument = "")
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { ScriptPath("interop_client.py"), target, scenario, argument })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancellation = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        Assert.True(process.ExitCode == 0, $"interop_client.py {scenario} exited {process.ExitCode}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    public static Process StartServer() =>
        Process.Start(new ProcessStartInfo(Interpreter)
        {
            ArgumentList = { ScriptPath("interop_server.py") },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
}
