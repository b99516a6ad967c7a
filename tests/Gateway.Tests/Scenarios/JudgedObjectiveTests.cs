using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Scenarios;

/// <summary>A judged objective through RabbitMQ and a real LlmService whose provider is a wire-level fake answering a verdict.</summary>
public sealed class JudgedObjectiveTests(GatewayEnvironment environment, JudgePlatform platform) : IClassFixture<JudgePlatform>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_judged_completion_arrives_as_a_later_metadata_push_and_is_stored_once()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, platform.LlmService.BaseAddress, platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync(new { scenarioId = "de-restaurant" });
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);

        await socket.SendAsync(new { type = "message", content = "Das Wetter in München ist heute wunderbar." });
        // The verdict may be pushed while the reply still streams (a slow reply on a busy machine), among the turn's frames.
        var frames = await socket.ReceiveTurnAsync();
        var turn = frames.Where(frame => !IsPushedMetadata(frame)).ToList();
        var pushed = frames.Where(IsPushedMetadata).Cast<JsonElement?>().FirstOrDefault() ?? await NextPushedMetadataAsync(socket);

        Assert.Equal(("metadata", 0, 5), (turn[0].GetProperty("type").GetString(), turn[0].GetProperty("data").GetProperty("score").GetInt32(),
            turn[0].GetProperty("data").GetProperty("remaining").GetInt32()));
        var turnId = turn[0].GetProperty("turnId").GetString();
        Assert.Equal(turnId, pushed.GetProperty("turnId").GetString());
        var data = pushed.GetProperty("data");
        var completed = Assert.Single(data.GetProperty("objectivesCompleted").EnumerateArray());
        Assert.Equal(("small-talk", 30), (completed.GetProperty("id").GetString(), completed.GetProperty("points").GetInt32()));
        Assert.Equal((30, 30, 4), (data.GetProperty("scoreChange").GetInt32(), data.GetProperty("score").GetInt32(), data.GetProperty("remaining").GetInt32()));

        await socket.SendAsync(new { type = "message", content = "Das Wetter ist wirklich schön." });
        var next = await socket.ReceiveTurnAsync();
        Assert.Equal((0, 30), (next[0].GetProperty("data").GetProperty("scoreChange").GetInt32(), next[0].GetProperty("data").GetProperty("score").GetInt32()));

        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        var stored = Assert.Single(details.GetProperty("objectivesCompleted").EnumerateArray());
        Assert.Equal(("small-talk", turnId), (stored.GetProperty("id").GetString(), stored.GetProperty("turnId").GetString()));
        Assert.Equal(30, details.GetProperty("score").GetInt32());
    }

    private static async Task<JsonElement> NextPushedMetadataAsync(GatewaySocket socket)
    {
        while (true)
        {
            var frame = await socket.ReceiveAsync();
            if (IsPushedMetadata(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>A metadata frame that belongs to no turn's event stream (no seq): a push from a job's result.</summary>
    private static bool IsPushedMetadata(JsonElement frame) =>
        frame.GetProperty("type").GetString() == "metadata" && !frame.TryGetProperty("seq", out _);
}
