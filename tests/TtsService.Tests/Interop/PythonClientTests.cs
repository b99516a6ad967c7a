using System.Diagnostics;
using System.Text.Json;
using Platform.Contracts.Tts;

namespace Platform.TtsService.Tests.Interop;

/// <summary>Debian's python3-grpcio, a gRPC implementation that is not ours, calls Voices and Synthesize.</summary>
public sealed class PythonClientTests(SharedTtsServer shared) : IDisposable
{
    private const string Interpreter = "/usr/bin/python3";
    private readonly string folder = Directory.CreateTempSubdirectory("tts-python-").FullName;

    [Fact]
    public async Task PythonGrpcClientListsVoicesAndReceivesStreamedChunks()
    {
        var result = await RunAsync("Hello from a python client. This is the second sentence.");

        Assert.Equal("OK", result.GetProperty("code").GetString());
        Assert.Equal("slt", result.GetProperty("default_voice").GetString());
        Assert.True(result.GetProperty("voices").GetInt32() > 100);
        var chunks = result.GetProperty("chunks").EnumerateArray().ToList();
        Assert.True(chunks.Count > 10, $"{chunks.Count} chunks");
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(chunks, c => Assert.Equal(16_000, c.GetProperty("sample_rate").GetInt32()));
        Assert.True(chunks[^1].GetProperty("last").GetBoolean());
    }

    [Fact]
    public async Task PythonGrpcClientSeesInvalidArgumentForAnUnknownVoice()
    {
        var result = await RunAsync("Hello.", voice: "nobody");

        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("code").GetString());
        Assert.Contains("'nobody' is not known", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<JsonElement> RunAsync(string text, string voice = "", string language = "")
    {
        var cancellation = TestContext.Current.CancellationToken;
        var descriptor = Path.Combine(folder, "tts.desc");
        await File.WriteAllBytesAsync(descriptor, TtsReflection.Descriptor.SerializedData.ToByteArray(), cancellation);
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Interop", "Python", "tts_client.py"), shared.Server.Target, descriptor, text, voice, language })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        Assert.True(process.ExitCode == 0, $"tts_client.py exited {process.ExitCode}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
