using Grpc.Core;
using Grpc.Net.Client;
using Platform.Contracts.Stt;
using Platform.SttService.Tests.Recognition;
using Platform.Testing;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Hosting;

/// <summary>SIGTERM while every decoder is busy and calls wait for one: every call ends and the process exits within the AppHost's grace.</summary>
public sealed class ShutdownTests(SpeechClips clips)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigtermWithEveryDecoderBusyAndCallsQueuedStopsWithinTheGracePeriod()
    {
        await using var service = new ServiceFixture("SttService", new Dictionary<string, string>
        {
            ["Stt__Decoders"] = "2",
            ["Stt__MaxAudioSeconds"] = "600",
        });
        await service.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(service.BaseAddress, new GrpcChannelOptions { MaxSendMessageSize = 64 * 1024 * 1024 });
        var client = new Stt.SttClient(channel);
        var request = Transcription.Wav(await MinutesOfSpeechAsync(4));
        var firstEvents = 0;
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var heard = false;
            try
            {
                using var call = client.Transcribe(request, Calls.WithTimeout(TimeSpan.FromMinutes(20), TestContext.Current.CancellationToken));
                await foreach (var _ in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (!heard)
                    {
                        heard = true;
                        Interlocked.Increment(ref firstEvents);
                    }
                }

                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })).ToList();
        while (Volatile.Read(ref firstEvents) < 1)
        {
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(10, TestContext.Current.CancellationToken));
            Assert.False(calls.All(c => c.IsCompleted), $"every call ended before one was decoding: {string.Join(", ", calls.Select(c => c.Result))}");
        }

        var stopped = await ProcessSignal.TerminateAsync(service.ProcessId, Grace * 3, TestContext.Current.CancellationToken);
        var ends = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(
            $"SIGTERM with {firstEvents} of 8 four-minute decodes started: exited in {stopped.TotalMilliseconds:0} ms; calls ended {string.Join(", ", ends.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.True(stopped < Grace, $"SttService took {stopped.TotalSeconds:0.0} s to stop; its grace is {Grace.TotalSeconds} s");
        // A call whose handler had not ended when the grace ran out is aborted by Kestrel, which a client sees as Cancelled.
        Assert.All(ends, status => Assert.True(status is StatusCode.OK or StatusCode.Unavailable or StatusCode.Cancelled, $"a call ended {status}"));
        Assert.Contains(StatusCode.Unavailable, ends);
    }

    private async Task<byte[]> MinutesOfSpeechAsync(int minutes)
    {
        var sentence = WavWriter.DataOf(await clips.WavAsync("Where is the bus station? I would like a ticket to the city centre.")).ToArray();
        var data = new byte[minutes * 60 * 16_000 * 2];
        for (var offset = 0; offset < data.Length; offset += sentence.Length)
        {
            sentence.AsSpan(0, Math.Min(sentence.Length, data.Length - offset)).CopyTo(data.AsSpan(offset));
        }

        return WavWriter.Create(data, 16_000, 1, 16, formatTag: 1);
    }
}
