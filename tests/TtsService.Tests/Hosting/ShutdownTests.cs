using Grpc.Core;
using Grpc.Net.Client;
using Platform.Contracts.Tts;
using Platform.Testing;
using Platform.TtsService.Tests.Synthesis;

namespace Platform.TtsService.Tests.Hosting;

/// <summary>SIGTERM while long syntheses stream: every call ends and the process exits within the AppHost's grace.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigtermWhileLongSynthesesStreamStopsWithinTheGracePeriod()
    {
        await using var service = new ServiceFixture("TtsService");
        await service.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(service.BaseAddress);
        var client = new Tts.TtsClient(channel);
        var text = string.Concat(Enumerable.Repeat("The train to the city centre leaves from the second platform every twenty minutes. ", 55));
        var firstChunks = 0;
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var heard = false;
            try
            {
                using var call = client.Synthesize(Speech.Request(text), Calls.WithTimeout(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken));
                await foreach (var _ in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (!heard)
                    {
                        heard = true;
                        Interlocked.Increment(ref firstChunks);
                    }
                }

                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })).ToList();
        while (Volatile.Read(ref firstChunks) < 1)
        {
            await Task.WhenAny(Task.WhenAll(calls), Task.Delay(10, TestContext.Current.CancellationToken));
            Assert.False(calls.All(c => c.IsCompleted), $"every call ended before one was streaming: {string.Join(", ", calls.Select(c => c.Result))}");
        }

        var stopped = await ProcessSignal.TerminateAsync(service.ProcessId, Grace * 3, TestContext.Current.CancellationToken);
        var ends = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(
            $"SIGTERM with {firstChunks} of 8 long syntheses streaming: exited in {stopped.TotalMilliseconds:0} ms; calls ended {string.Join(", ", ends.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.True(stopped < Grace, $"TtsService took {stopped.TotalSeconds:0.0} s to stop; its grace is {Grace.TotalSeconds} s");
        // A call whose handler had not ended when the grace ran out is aborted by Kestrel, which a client sees as Cancelled.
        Assert.All(ends, status => Assert.True(status is StatusCode.OK or StatusCode.Unavailable or StatusCode.Cancelled, $"a call ended {status}"));
    }
}
