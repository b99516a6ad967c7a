using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Platform.Contracts.Llm;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Runs llm_client.py with Debian's interpreter (which has grpcio) against a running LlmService.</summary>
public static class PythonClient
{
    private const string Interpreter = "/usr/bin/python3";

    public static async Task<JsonElement> RunAsync(string target, string scenario, string argument = "")
    {
        var descriptors = Path.Combine(Path.GetTempPath(), $"llm-{Guid.NewGuid():N}.pb");
        await File.WriteAllBytesAsync(descriptors, new FileDescriptorSet { File = { LlmReflection.Descriptor.ToProto() } }.ToByteArray(), TestContext.Current.CancellationToken);
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Generation", "Python", "llm_client.py"), descriptors, target, scenario, argument })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var cancellation = TestContext.Current.CancellationToken;
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var errors = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
            Assert.True(process.ExitCode == 0, $"llm_client.py {scenario} exited {process.ExitCode}: {await errors}");
            return JsonDocument.Parse(await output).RootElement.Clone();
        }
        finally
        {
            File.Delete(descriptors);
        }
    }
}
