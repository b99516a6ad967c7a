namespace Platform.LlmService.Tests.Generation;

/// <summary>Debian's python3-grpcio, a reference gRPC implementation, calling LlmService with llm.proto.</summary>
public sealed class PythonClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task StreamsAGenerationStartedTokensCompleted()
    {
        var result = await PythonClient.RunAsync(fixture.Server.Target, "generate", Requests.StoryStart);

        Assert.Equal("OK", result.GetProperty("code").GetString());
        var events = result.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal("started", events[0].GetProperty("type").GetString());
        Assert.Equal("stories260K", events[0].GetProperty("model").GetString());
        Assert.Equal("completed", events[^1].GetProperty("type").GetString());
        var tokens = events.Where(e => e.GetProperty("type").GetString() == "token").ToList();
        Assert.True(tokens.Count >= 2, $"{tokens.Count} tokens");
        Assert.StartsWith(Requests.StoryContinuation, string.Concat(tokens.Select(token => token.GetProperty("text").GetString())), StringComparison.Ordinal);
        Assert.Equal(tokens.Count, events[^1].GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task BadInputArrivesAsInvalidArgumentWithItsMessage()
    {
        var result = await PythonClient.RunAsync(fixture.Server.Target, "empty");

        Assert.Equal("INVALID_ARGUMENT", result.GetProperty("code").GetString());
        Assert.Contains("messages is empty", result.GetProperty("details").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsReportsTheReadyModel()
    {
        var result = await PythonClient.RunAsync(fixture.Server.Target, "models");

        var model = Assert.Single(result.GetProperty("models").EnumerateArray());
        Assert.Equal("stories260K", model.GetProperty("id").GetString());
        Assert.Equal("ready", model.GetProperty("state").GetString());
    }
}
