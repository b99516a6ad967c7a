using Grpc.Core;
using Grpc.Net.Client;
using Platform.Contracts.Tts;
using Platform.Testing;
using Platform.TtsService.Tests.Synthesis;

namespace Platform.TtsService.Tests.Hosting;

/// <summary>SIGTERM while a long synthesis is still being sent: the call ends and the process exits within the AppHost's grace.</summary>
public sealed class ShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigtermWhileALongSynthesisIsStillBeingSentStopsWithinTheGracePeriodAndEndsTheCall()
    {
        await using var service = new ServiceFixture("TtsService");
        await service.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(service.BaseAddress);
        var text = string.Concat(Enumerable.Repeat("The train to the city centre leaves from the second platform every twenty minutes. ", 55));
        using var call = new Tts.TtsClient(channel).Synthesize(Speech.Request(text), Calls.WithTimeout(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken));
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        // Minutes of audio outrun HTTP/2 flow control while nobody reads, so the service is still sending when it is told to stop.
        var stopped = await ProcessSignal.TerminateAsync(service.ProcessId, Grace * 3, TestContext.Current.CancellationToken);
        var chunks = 1;
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken))
            {
                chunks++;
            }
        });
        TestContext.Current.SendDiagnosticMessage($"SIGTERM during a long synthesis: exited in {stopped.TotalMilliseconds:0} ms; the call ended {ended.StatusCode} after {chunks} chunks");
        Assert.True(stopped < Grace, $"TtsService took {stopped.TotalSeconds:0.0} s to stop; its grace is {Grace.TotalSeconds} s");
        // A stream stalled by flow control cannot get its trailers out, so Kestrel resets it; the client sees Cancelled, which the Gateway takes for a service going away.
        Assert.True(ended.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled, $"the call ended {ended.StatusCode}");
    }
}
