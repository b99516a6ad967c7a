using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Tests.Turns;

/// <summary>Text turns over SSE against real PostgreSQL and Redis, with the synthetic token source pacing the reply.</summary>
public sealed class SseTurnTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StreamsStartedThenEachTokenAsItIsMadeThenCompletedWithTheirTextAndStoresIt()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 10, TokenInterval = TimeSpan.FromMilliseconds(30) });
        var conversation = await harness.CreateConversationAsync();

        using var response = await harness.StartStreamingTurnAsync(conversation, "Tell me a story.");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new List<SseEvent>();
        var tokensBeforeTheModelFinished = 0;
        await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token))
        {
            events.Add(e);
            if (e.Type == "token" && !harness.Llm.Behaviour.Calls.Single().Ended.IsCompleted)
            {
                tokensBeforeTheModelFinished++;
            }
        }

        Assert.Equal("turn.started", events[0].Type);
        var tokens = events.Where(e => e.Type == "token").ToList();
        Assert.Equal(10, tokens.Count);
        Assert.True(tokensBeforeTheModelFinished >= 2, $"only {tokensBeforeTheModelFinished} tokens arrived while the model was still generating");
        var completed = events[^1];
        Assert.Equal("turn.completed", completed.Type);
        var text = string.Concat(tokens.Select(t => t.Json.GetProperty("text").GetString()));
        Assert.Equal(text, completed.Json.GetProperty("text").GetString());
        Assert.Equal("complete", completed.Json.GetProperty("status").GetString());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));

        var turnId = completed.Json.GetProperty("turnId").GetGuid();
        Assert.Equal(("complete", text), await harness.StoredReplyAsync(turnId));
    }

    [Fact]
    public async Task PromptCarriesThePersonaAndTheEarlierMessages()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 2, TokenInterval = TimeSpan.Zero });
        var conversation = await harness.CreateConversationAsync(new { language = "es", level = "A2", scenario = "ordering coffee", persona = "You are Lucía, a barista." });

        using (var first = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "Hola" }, Token))
        {
            first.EnsureSuccessStatusCode();
        }

        using (var second = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "Un café, por favor" }, Token))
        {
            second.EnsureSuccessStatusCode();
        }

        var prompt = harness.Llm.Behaviour.Calls.Last().Request.Messages;
        Assert.Contains("You are Lucía, a barista.", prompt[0].Content, StringComparison.Ordinal);
        Assert.Contains("Spanish", prompt[0].Content, StringComparison.Ordinal);
        Assert.Contains("A2", prompt[0].Content, StringComparison.Ordinal);
        Assert.Equal(["Hola", "w0 w1", "Un café, por favor"], prompt.Skip(1).Select(m => m.Content));
    }

    [Fact]
    public async Task WithoutAnEventStreamAcceptTheSameTurnAnswersOnceWithTheWholeReply()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 5, TokenInterval = TimeSpan.FromMilliseconds(5) });
        var conversation = await harness.CreateConversationAsync();

        using var response = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = "Hello" }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("w0 w1 w2 w3 w4", body.GetProperty("text").GetString());
        Assert.Equal("complete", body.GetProperty("status").GetString());
        Assert.Equal(("complete", "w0 w1 w2 w3 w4"), await harness.StoredReplyAsync(body.GetProperty("turnId").GetGuid()));

        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        Assert.Equal(["user", "assistant"], details.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task ResumingWithLastEventIdAfterTheThirdTokenDeliversExactlyTheRemainingEventsOnEitherReplica()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 12, TokenInterval = TimeSpan.FromMilliseconds(25) }, replicas: 2);
        var conversation = await harness.CreateConversationAsync();

        var firstPart = new List<SseEvent>();
        using (var response = await harness.StartStreamingTurnAsync(conversation, "Go"))
        {
            await foreach (var e in SseReader.ReadAsync(await response.Content.ReadAsStreamAsync(Token), Token))
            {
                firstPart.Add(e);
                if (firstPart.Count(x => x.Type == "token") == 3)
                {
                    break;
                }
            }
        }

        var lastEventId = firstPart[^1].Id!;
        var turnId = Guid.Parse(lastEventId[..lastEventId.LastIndexOf(':')]);
        foreach (var replica in new[] { 0, 1 })
        {
            using var resumed = await harness.OpenEventsAsync(turnId, lastEventId, replica);
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            var rest = await SseReader.ReadAsync(await resumed.Content.ReadAsStreamAsync(Token), Token).Where(e => e.Type != "comment").ToListAsync(Token);

            var all = firstPart.Concat(rest).ToList();
            Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Seq));
            Assert.Equal(12, all.Count(e => e.Type == "token"));
            Assert.Equal("turn.completed", all[^1].Type);
        }
    }

    [Fact]
    public async Task ClientDisconnectDoesNotStopTheTurnAndItsReplyIsStored()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, new SyntheticLlmBehaviour { Tokens = 8, TokenInterval = TimeSpan.FromMilliseconds(20) });
        var conversation = await harness.CreateConversationAsync();

        Guid turnId;
        using (var response = await harness.StartStreamingTurnAsync(conversation, "Go"))
        {
            turnId = Guid.Parse(response.Headers.GetValues("X-Turn-Id").Single());
        }

        var call = await harness.Llm.Behaviour.FirstCall.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Equal("finished", await call.Ended.WaitAsync(TimeSpan.FromSeconds(10), Token));
        using var replay = await harness.OpenEventsAsync(turnId, lastEventId: null);
        var events = await SseReader.ReadAsync(await replay.Content.ReadAsStreamAsync(Token), Token).ToListAsync(Token);
        Assert.Equal("w0 w1 w2 w3 w4 w5 w6 w7", events[^1].Json.GetProperty("text").GetString());
        Assert.Equal(("complete", "w0 w1 w2 w3 w4 w5 w6 w7"), await harness.StoredReplyAsync(turnId));
    }
}
