using Platform.Contracts.Llm;
using Platform.Testing.Grpc;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling the running LlmService.</summary>
public sealed class PythonInteropTests : IAsyncLifetime
{
    private const string Generate = "/platform.llm.v1.Llm/Generate";

    private LlmServer server = null!;

    public async ValueTask InitializeAsync() => server = await LlmServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task GenerateStreamsStartedTokensAndCompletedWithStatusOk()
    {
        var call = await PythonGrpcClient.RunAsync(server.Target, "stream", Generate, Requests.User(Requests.StoryStart, maxTokens: 16, greedy: true));

        Assert.Equal("OK", call.Code);
        var events = call.Parse(GenerateEvent.Parser);
        Assert.Equal(GenerateEvent.EventOneofCase.Started, events[0].EventCase);
        Assert.Equal(GenerateEvent.EventOneofCase.Completed, events[^1].EventCase);
        Assert.True(events.Count(e => e.EventCase == GenerateEvent.EventOneofCase.Token) >= 2, call.ToString());
        Assert.True(await server.IsReadyAsync());
    }

    [Fact]
    public async Task UnknownMethodIsUnimplementedAndTheServiceStaysHealthy()
    {
        var call = await PythonGrpcClient.RunAsync(server.Target, "unary", "/platform.llm.v1.Llm/Nope", Requests.User("Hi"));

        Assert.Equal("UNIMPLEMENTED", call.Code);
        Assert.True(await server.IsReadyAsync());
    }

    [Fact]
    public async Task RequestOverTheMessageLimitIsResourceExhaustedAndTheServiceStaysHealthy()
    {
        var call = await PythonGrpcClient.RunAsync(server.Target, "oversized", Generate, request: null, argument: (5 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("RESOURCE_EXHAUSTED", call.Code);
        Assert.True(await server.IsReadyAsync());
    }
}
