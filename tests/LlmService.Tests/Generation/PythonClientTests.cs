using System.Globalization;
using Platform.Contracts.Llm;
using Platform.Testing.Grpc;

namespace Platform.LlmService.Tests.Generation;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling the running LlmService.</summary>
public sealed class PythonClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Service = "/platform.llm.v1.Llm/";

    [Fact]
    public async Task StreamsAGenerationStartedTokensCompletedWithStatusOk()
    {
        var call = await PythonGrpcClient.RunAsync(fixture.Server.Target, "stream", Service + "Generate", Requests.User(Requests.StoryStart, maxTokens: 24, greedy: true));

        Assert.Equal("OK", call.Code);
        var events = call.Parse(GenerateEvent.Parser);
        Assert.Equal("stories260K", events[0].Started.Model);
        var tokens = events.Where(e => e.EventCase == GenerateEvent.EventOneofCase.Token).Select(e => e.Token.Text).ToList();
        Assert.True(tokens.Count >= 2, $"{tokens.Count} tokens");
        Assert.StartsWith(Requests.StoryContinuation, string.Concat(tokens), StringComparison.Ordinal);
        Assert.Equal(tokens.Count, events[^1].Completed.CompletionTokens);
        Assert.True(await fixture.Server.IsReadyAsync());
    }

    [Fact]
    public async Task BadInputArrivesAsInvalidArgumentWithItsMessage()
    {
        var call = await PythonGrpcClient.RunAsync(fixture.Server.Target, "stream", Service + "Generate", new GenerateRequest());

        Assert.Equal("INVALID_ARGUMENT", call.Code);
        Assert.Contains("messages is empty", call.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsReportsTheReadyModel()
    {
        var call = await PythonGrpcClient.RunAsync(fixture.Server.Target, "unary", Service + "Models", new ModelsRequest());

        var model = Assert.Single(ModelsReply.Parser.ParseFrom(Assert.Single(call.Messages)).Models);
        Assert.Equal("stories260K", model.Id);
        Assert.Equal("ready", model.State);
    }

    [Fact]
    public async Task UnknownMethodIsUnimplementedAndTheServiceStaysHealthy()
    {
        var call = await PythonGrpcClient.RunAsync(fixture.Server.Target, "unary", Service + "Nope", new ModelsRequest());

        Assert.Equal("UNIMPLEMENTED", call.Code);
        Assert.True(await fixture.Server.IsReadyAsync());
    }

    [Fact]
    public async Task RequestOverTheMessageLimitIsResourceExhaustedAndTheServiceStaysHealthy()
    {
        var call = await PythonGrpcClient.RunAsync(fixture.Server.Target, "oversized", Service + "Generate", request: null, (5 * 1024 * 1024).ToString(CultureInfo.InvariantCulture));

        Assert.Equal("RESOURCE_EXHAUSTED", call.Code);
        Assert.True(await fixture.Server.IsReadyAsync());
    }
}
