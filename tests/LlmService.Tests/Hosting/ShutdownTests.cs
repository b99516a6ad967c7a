using Platform.Contracts.Llm;
using Platform.LlmService.Generation;
using Platform.LlmService.Tests.Generation;
using Grpc.Core;
using Grpc.Net.Client;
using Platform.Testing;
using Platform.Testing.Grpc;

namespace Platform.LlmService.Tests.Hosting;

/// <summary>SIGTERM while the model is busy: generation stops, every stream ends, the model is freed, the process exits within the AppHost's grace.</summary>
[Collection(nameof(TimingSensitive))]
public sealed class ShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SigtermWithEveryDecodingSlotAndTheQueueFullStopsWithinTheGracePeriod()
    {
        await using var service = new ServiceFixture("LlmService", new Dictionary<string, string>
        {
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = RepositoryLayout.StoriesModel,
            ["Llm__ParallelSequences"] = "2",
            ["Llm__BackgroundSequences"] = "1",
        });
        await service.InitializeAsync();
        using var channel = GrpcChannel.ForAddress(service.BaseAddress, new GrpcChannelOptions { HttpHandler = Http2Handler.Create() });
        var client = new Llm.LlmClient(channel);
        var pid = service.ProcessId;
        var firstTokens = 0;
        var streams = Enumerable.Range(0, 66).Select(i => Task.Run(async () =>
        {
            var decoding = false;
            try
            {
                using var call = client.Generate(Requests.User(Requests.StoryStart, maxTokens: 4096, seed: (uint)i + 1),
                    Calls.WithTimeout(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
                await foreach (var e in call.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
                {
                    if (e.EventCase == GenerateEvent.EventOneofCase.Token && !decoding)
                    {
                        decoding = true;
                        Interlocked.Increment(ref firstTokens);
                    }
                }

                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        })).ToList();
        while (Volatile.Read(ref firstTokens) < 2)
        {
            await Task.WhenAny(Task.WhenAll(streams), Task.Delay(10, TestContext.Current.CancellationToken));
        }

        var stopped = await ProcessSignal.TerminateAsync(pid, Grace * 3, TestContext.Current.CancellationToken);
        var ends = await Task.WhenAll(streams).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage(
            $"SIGTERM with {firstTokens} of 66 streams decoding: exited in {stopped.TotalMilliseconds:0} ms; streams ended {string.Join(", ", ends.GroupBy(s => s).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.True(stopped < Grace, $"LlmService took {stopped.TotalSeconds:0.0} s to stop; its grace is {Grace.TotalSeconds} s");
        Assert.Contains(StatusCode.Unavailable, ends);
        // A stream whose handler had not ended when the grace ran out is aborted by Kestrel, which a client sees as Cancelled;
        // a request that found the queue full before the signal was refused as busy. Every stream ended; none hung.
        Assert.All(ends, status => Assert.True(status is StatusCode.OK or StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.ResourceExhausted, $"a stream ended {status}"));
    }
}
