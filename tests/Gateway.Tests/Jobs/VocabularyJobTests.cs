using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Jobs;

public sealed class VocabularyJobTests(GatewayEnvironment environment, VocabularyPlatform platform) : IClassFixture<VocabularyPlatform>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Vocabulary_from_a_reply_reaches_an_open_websocket_and_the_conversation_details()
    {
        await using var harness = await GatewayHarness.StartAsync(
            environment, new SyntheticLlmBehaviour { Tokens = 4, TokenInterval = TimeSpan.Zero }, settings: platform.GatewaySettings);
        var conversation = await harness.CreateConversationAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {harness.ApiKey}");
        await socket.ConnectAsync(new UriBuilder(harness.Gateways[0].Address) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri, Token);

        await foreach (var _ in harness.StreamTurnAsync(conversation, "Tell me about your journeys."))
        {
        }

        var frame = await ReceiveFrameAsync(socket, "vocabulary");
        var item = Assert.Single(frame.GetProperty("items").EnumerateArray());
        Assert.Equal(("journeys", "journey", "noun", "B1"), (
            item.GetProperty("term").GetString(), item.GetProperty("lemma").GetString(),
            item.GetProperty("partOfSpeech").GetString(), item.GetProperty("cefrLevel").GetString()));

        var stored = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal("journey", Assert.Single(stored.GetProperty("vocabulary").EnumerateArray()).GetProperty("lemma").GetString());
    }

    private static async Task<JsonElement> ReceiveFrameAsync(ClientWebSocket socket, string type)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            var frame = JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
            if (frame.GetProperty("type").GetString() == type)
            {
                return frame;
            }
        }
    }
}
