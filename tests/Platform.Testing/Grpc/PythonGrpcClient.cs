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
    public static Task<PythonCall> RunAsync(string target, string scenario, string method, IMessage? request, string argument = "") =>
        RunAsync(target, scenario, method, Convert.ToBase64String(request?.ToByteArray() ?? []), argument);

    /// <summary>
    /// Calls a bidirectional <paramref name="method"/>, sending <paramref name="requests"/> <paramref name="pace"/> apart;
    /// the last one waits (up to 30 s) until <paramref name="receivedBeforeLast"/> messages have arrived, so a service
    /// slower than real time on a busy machine still answers what came before it.
    /// </summary>
    public static Task<PythonCall> RunBidiAsync(string target, string method, IEnumerable<IMessage> requests, TimeSpan pace, int receivedBeforeLast = 0) =>
        RunAsync(target, "bidi", method, string.Join(',', requests.Select(r => Convert.ToBase64String(r.ToByteArray()))),
            string.Create(CultureInfo.InvariantCulture, $"{pace.TotalSeconds},{receivedBeforeLast}"));

    private static async Task<PythonCall> RunAsync(string target, string scenario, string method, string body, string argument)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
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
            json.TryGetProperty("elapsed", out var elapsed) ? TimeSpan.FromSeconds(elapsed.GetDouble()) : null,
            json.TryGetProperty("received_before_last", out var before) ? before.GetInt32() : null);
    }
}

/// <summary>
/// What the python client saw: status, messages as bytes, when it cancelled or how long it waited, and (bidi) how
/// many messages had arrived before it sent its last request.
/// </summary>
public sealed record PythonCall(string Code, string Details, IReadOnlyList<byte[]> Messages, DateTimeOffset? CancelledAt, TimeSpan? Elapsed, int? ReceivedBeforeLast = null)
{
    public IReadOnlyList<T> Parse<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        [.. Messages.Select(parser.ParseFrom)];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code} '{Details}' after {Messages.Count} messages");
}
