using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Platform.Contracts.Stt;
using Platform.SttService.Tests.Recognition;
using Platform.Testing;
using Platform.Testing.Speech;

namespace Platform.SttService.Tests.Hosting;

/// <summary>SIGTERM while microphones stream into the service: every call ends Unavailable and the process exits within the AppHost's grace.</summary>
public sealed class ShutdownTests(SpeechClips clips)
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigtermWhileStreamedUtterancesAreOpenStopsWithinTheGracePeriodAndEndsEachCallUnavailable()
    {
        await using var service = new ServiceFixture("SttService", new Dictionary<string, string> { ["Stt__Decoders"] = "2" });
        await service.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(service.BaseAddress);
        var client = new Stt.SttClient(channel);
        var speech = WavWriter.DataOf(await clips.WavAsync("Where is the bus station?")).ToArray();
        using var heard = new CountdownEvent(2);
        var calls = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                // Push-to-talk with the end marker never sent: the utterance stays open until the service stops.
                using var call = client.StreamTranscribe(Calls.WithTimeout(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken));
                await call.RequestStream.WriteAsync(new AudioInput { Config = StreamedTranscription.Pcm(EndpointMode.Manual) }, TestContext.Current.CancellationToken);
                await call.RequestStream.WriteAsync(new AudioInput { Audio = ByteString.CopyFrom(speech) }, TestContext.Current.CancellationToken);
                var first = true;
                await foreach (var _ in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (first)
                    {
                        first = false;
                        heard.Signal();
                    }
                }

                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })).ToList();
        await Task.WhenAny(Task.Run(() => heard.Wait(TestContext.Current.CancellationToken), TestContext.Current.CancellationToken), Task.WhenAll(calls))
            .WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.False(calls.Any(c => c.IsCompleted), $"a call ended before the service was stopped: {string.Join(", ", calls.Where(c => c.IsCompleted).Select(c => c.Result))}");

        var stopped = await ProcessSignal.TerminateAsync(service.ProcessId, Grace * 3, TestContext.Current.CancellationToken);
        var ends = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(
            $"SIGTERM with 2 utterances open: exited in {stopped.TotalMilliseconds:0} ms; calls ended {string.Join(", ", ends.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.True(stopped < Grace, $"SttService took {stopped.TotalSeconds:0.0} s to stop; its grace is {Grace.TotalSeconds} s");
        Assert.All(ends, status => Assert.Equal(StatusCode.Unavailable, status));
    }
}
