using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Xunit;

namespace Platform.Testing.Grpc;

/// <summary>Runs <c>grpc_client.py</c> with Debian's interpreter, which has python3-grpcio, against a running service.</summary>
public static class PythonGrpcClient
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>Calls <paramref name="method"/> (<c>/package.Service/Method</c>) with <paramref name="request"/> in one scenario of the script.</summary>
    public static async Task<PythonCall> RunAsync(string target, string scenario, string method, IMessage? request, string argument = "")
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        var body = Convert.ToBase64String(request?.ToByteArray() ?? []);
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Grpc", "grpc_client.py"), target, scenario, method, body, argument })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var cancellation = TestContext.Current.CancellationToken;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"grpc_client.py {scenario} exited {process.ExitCode}: {await errors}");
        }

        var json = JsonDocument.Parse(await output).RootElement;
        return new PythonCall(
            json.GetProperty("code").GetString()!,
            json.GetProperty("details").GetString() ?? string.Empty,
            [.. json.GetProperty("messages").EnumerateArray().Select(m => Convert.FromBase64String(m.GetString()!))],
            json.TryGetProperty("cancelled_at", out var cancelled) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(cancelled.GetDouble() * 1000)) : null,
            json.TryGetProperty("elapsed", out var elapsed) ? TimeSpan.FromSeconds(elapsed.GetDouble()) : null);
    }
}

/// <summary>What the python client saw: status, messages as bytes, and when it cancelled or how long it waited.</summary>
public sealed record PythonCall(string Code, string Details, IReadOnlyList<byte[]> Messages, DateTimeOffset? CancelledAt, TimeSpan? Elapsed)
{
    public IReadOnlyList<T> Parse<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        [.. Messages.Select(parser.ParseFrom)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code} '{Details}' after {Messages.Count} messages");
}
