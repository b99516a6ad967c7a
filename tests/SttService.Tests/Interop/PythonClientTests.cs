using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using Platform.Contracts.Stt;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Interop;

/// <summary>Debian's python3-grpcio, a gRPC implementation that is not ours, calls Transcribe.</summary>
public sealed class PythonClientTests(SharedSttServer shared, SpeechClips clips) : IDisposable
{
    private const string Interpreter = "/usr/bin/python3";
    private readonly string folder = Directory.CreateTempSubdirectory("stt-python-").FullName;

    [Fact]
    public async Task PythonGrpcClientReceivesPartialsThenTheFinalTranscript()
    {
        var result = await RunAsync(await clips.WavAsync("Where is the bus station?"));

        Assert.Equal("OK", result.GetProperty("code").GetString());
        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.True(events.Count >= 2, $"{events.Count} events");
        Assert.All(events[..^1], e => Assert.False(e.GetProperty("is_final").GetBoolean()));
        Assert.True(events[^1].GetProperty("is_final").GetBoolean());
        Assert.Equal("where is the bus station", events[^1].GetProperty("text").GetString());
        Assert.True(events[^1].GetProperty("audio_ms").GetInt32() > 1000);
    }

    [Fact]
    public async Task PythonGrpcClientSeesInvalidArgumentWithTheReason()
    {
        var result = await RunAsync(await clips.WavAsync("Where is the bus station?"), language: "fr");

        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("code").GetString());
        Assert.Contains("en-US", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task<JsonElement> RunAsync(byte[] wav, string language = "")
    {
        var cancellation = TestContext.Current.CancellationToken;
        var descriptor = Path.Combine(folder, "stt.desc");
        var audio = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".wav");
        await File.WriteAllBytesAsync(descriptor, SttReflection.Descriptor.SerializedData.ToByteArray(), cancellation);
        await File.WriteAllBytesAsync(audio, wav, cancellation);
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Interop", "Python", "stt_client.py"), shared.Server.Target, descriptor, audio, language })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellation);
        var errors = process.StandardError.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(30), cancellation);
        Assert.True(process.ExitCode == 0, $"stt_client.py exited {process.ExitCode}: {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
