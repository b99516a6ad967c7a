using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Testing.Telemetry;

namespace Platform.Gateway.Tests.Turns;

/// <summary>
/// Conversations longer than stories260K's context (2048 tokens) through the real Gateway and LlmService processes:
/// LlmService leaves out the oldest messages so every prompt fits, and refuses only a message that cannot fit alone.
/// </summary>
public sealed class LongConversationTests(GatewayEnvironment environment)
{
    private const int Turns = 40;
    private const int ContextTokens = 2048;
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFortyTurnConversationWithLongRepliesOverSseWebSocketAndJsonNeverFailsAndItsLaterPromptsLeaveOutTheOldestMessages()
    {
        await using var collector = await OtlpCollector.StartAsync(Token);
        await using var llm = await RealLlmService.StartAsync(Exporting(collector, "llm"));
        var settings = new Dictionary<string, string?>(Exporting(collector, "gateway").Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            // Long enough that twenty messages overflow the context, short enough for forty turns in a minute or two.
            ["Gateway__MaxReplyTokens"] = "160",
        };
        await using var harness = await GatewayHarness.StartAsync(environment, llm.BaseAddress, settings);
        var conversation = await harness.CreateConversationAsync();
        using var socket = await GatewaySocket.ConnectAsync(harness, conversation);

        // One conversation, its client changing transport every turn, as the web page does when it falls back.
        string[] transports = ["sse", "websocket", "json"];
        var turns = new List<Turn>();
        for (var i = 0; i < Turns; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var turn = transports[i % transports.Length] switch
            {
                "sse" => await SseTurnAsync(harness, conversation, Message(i)),
                "websocket" => await SocketTurnAsync(socket, Message(i)),
                _ => await JsonTurnAsync(harness, conversation, Message(i)),
            };
            turns.Add(turn with { Transport = transports[i % transports.Length], Elapsed = Stopwatch.GetElapsedTime(started) });
        }

        foreach (var transport in turns.GroupBy(t => t.Transport))
        {
            TestContext.Current.SendDiagnosticMessage(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{transport.Key}: {transport.Count()} turns, {transport.Average(t => t.Elapsed.TotalMilliseconds):0} ms a turn, " +
                $"{transport.Average(t => t.CompletionTokens):0} reply tokens a turn, left out: {string.Join(' ', transport.Select(t => t.Dropped))}"));
        }

        TestContext.Current.SendDiagnosticMessage(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Turns} turns in {turns.Sum(t => t.Elapsed.TotalSeconds):0.0} s; prompt tokens of the last ten: {string.Join(' ', turns.TakeLast(10).Select(t => t.PromptTokens))}"));
        Assert.Equal(0, turns[0].Dropped);
        Assert.All(turns.Skip(Turns / 2), turn => Assert.True(turn.Dropped > 0, $"turn {turn.Id} over {turn.Transport} left nothing out"));
        Assert.All(turns, turn => Assert.InRange(turn.PromptTokens + turn.CompletionTokens, 1, ContextTokens));
        Assert.True(turns.Average(t => t.CompletionTokens) > 50, $"replies averaged {turns.Average(t => t.CompletionTokens)} tokens");

        foreach (var turn in turns)
        {
            var generate = await GenerateSpanAsync(collector, turn.Id);
            Assert.Equal(turn.Dropped, generate.Attribute("llm.prompt.dropped_messages")?.IntValue);
        }

        var stored = await StoredMessagesAsync(harness, conversation);
        Assert.Equal(2 * Turns, stored.Count);
        Assert.All(stored, message => Assert.Equal("complete", message.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AMessageThatCannotFitTheContextEvenAloneIsRefusedWithA4xxNamingTheLimitOnEveryPathAndNothingStoredIsLost()
    {
        await using var llm = await RealLlmService.StartAsync();
        await using var harness = await GatewayHarness.StartAsync(environment, llm.BaseAddress, new Dictionary<string, string?>
        {
            // Past the Gateway's own character limit only the model's context can refuse the message.
            ["Gateway__MaxMessageChars"] = "40000",
        });
        var conversation = await harness.CreateConversationAsync();
        var before = await JsonTurnAsync(harness, conversation, Message(0));
        var tooLong = string.Join(' ', Enumerable.Repeat("Once upon a time there was a little dog who liked to run in the park.", 300));

        using (var json = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = tooLong }, Token))
        {
            await AssertProblemAsync(json, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var sse = await harness.StartStreamingTurnAsync(conversation, tooLong))
        {
            await AssertProblemAsync(sse, HttpStatusCode.RequestEntityTooLarge);
        }

        using (var socket = await GatewaySocket.ConnectAsync(harness, conversation))
        {
            await socket.SendAsync(new { type = "message", content = tooLong });
            var error = Assert.Single(await socket.ReceiveTurnAsync());
            Assert.Equal("error", error.GetProperty("type").GetString());
            Assert.Equal("context_length_exceeded", error.GetProperty("data").GetProperty("code").GetString());
            Assert.False(error.GetProperty("data").GetProperty("retryable").GetBoolean());
            AssertNamesTheLimit(error.GetProperty("data").GetProperty("message").GetString());
        }

        foreach (var stream in new[] { false, true })
        {
            using var openAI = await harness.Client().PostAsJsonAsync("/v1/chat/completions", new
            {
                model = "stories260K",
                stream,
                messages = new object[] { new { role = "system", content = "You tell stories." }, new { role = "user", content = tooLong } },
            }, Token);
            Assert.Equal(HttpStatusCode.BadRequest, openAI.StatusCode);
            var error = (await openAI.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error");
            Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
            Assert.Equal("messages", error.GetProperty("param").GetString());
            AssertNamesTheLimit(error.GetProperty("message").GetString());
        }

        var stored = await StoredMessagesAsync(harness, conversation);
        Assert.Equal([Message(0), before.Text], stored.Select(message => message.GetProperty("content").GetString()));
        var after = await JsonTurnAsync(harness, conversation, Message(1));
        Assert.True(after.CompletionTokens > 0);
    }

    [Fact]
    public async Task AnOpenAIRequestLongerThanTheContextLeavesOutItsOldestMessagesAndSaysHowManyInUsage()
    {
        await using var llm = await RealLlmService.StartAsync();
        await using var harness = await GatewayHarness.StartAsync(environment, llm.BaseAddress);
        var messages = new List<object> { new { role = "system", content = "You tell stories." } };
        messages.AddRange(Enumerable.Range(0, 20).Select(i => new { role = i % 2 == 0 ? "user" : "assistant", content = Message(i) }));
        messages.Add(new { role = "user", content = "Once upon a time" });

        using var whole = await harness.Client().PostAsJsonAsync("/v1/chat/completions", new { model = "stories260K", max_tokens = 32, messages }, Token);
        var answer = await whole.Content.ReadFromJsonAsync<JsonElement>(Token);
        using var streamed = await harness.Client().PostAsJsonAsync("/v1/chat/completions",
            new { model = "stories260K", max_tokens = 32, stream = true, stream_options = new { include_usage = true }, messages }, Token);
        var chunks = (await streamed.Content.ReadAsStringAsync(Token)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement)
            .ToList();

        Assert.True(whole.StatusCode == HttpStatusCode.OK, $"{(int)whole.StatusCode}: {answer}");
        var dropped = answer.GetProperty("usage").GetProperty("dropped_messages").GetInt32();
        Assert.InRange(dropped, 1, 20);
        Assert.InRange(answer.GetProperty("usage").GetProperty("total_tokens").GetInt32(), 1, ContextTokens);
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal(dropped, chunks.Single(chunk => chunk.TryGetProperty("usage", out _)).GetProperty("usage").GetProperty("dropped_messages").GetInt32());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal("context_length_exceeded", problem.GetProperty("code").GetString());
        AssertNamesTheLimit(problem.GetProperty("detail").GetString());
    }

    private static void AssertNamesTheLimit(string? message) =>
        Assert.Contains($"the model's context holds {ContextTokens} tokens per request", message, StringComparison.Ordinal);

    /// <summary>A learner's message of some 600 characters, different each turn.</summary>
    private static string Message(int turn) =>
        $"Turn {turn}. " + string.Join(' ', Enumerable.Repeat(
            $"Tell me more about the little bird number {turn} who flew over the big green hill and met a friendly cat in the garden.", 5));

    private static async Task<Turn> SseTurnAsync(GatewayHarness harness, Guid conversation, string message)
    {
        var events = await harness.StreamTurnAsync(conversation, message).Where(e => e.Type != "comment").ToListAsync(Token);
        var completed = events[^1];
        Assert.True(completed.Type == "turn.completed", $"the turn ended with {completed.Type}: {completed.Data}");
        var start = events.Single(e => e.Type == "turn.started").Json;
        return Completed(completed.Json, start.GetProperty("droppedMessages").GetInt32());
    }

    private static async Task<Turn> SocketTurnAsync(GatewaySocket socket, string message)
    {
        await socket.SendAsync(new { type = "message", content = message });
        var frames = await OwnTurnFramesAsync(socket);
        var completed = frames[^1];
        Assert.True(completed.GetProperty("type").GetString() == "complete", $"the turn ended with {completed}");
        var start = frames.Single(f => f.GetProperty("type").GetString() == "start").GetProperty("data");
        return Completed(completed.GetProperty("data"), start.GetProperty("droppedMessages").GetInt32());
    }

    /// <summary>The frames of the turn this socket just started; the socket also follows the conversation's other turns.</summary>
    private static async Task<List<JsonElement>> OwnTurnFramesAsync(GatewaySocket socket)
    {
        string? turnId = null;
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await socket.ReceiveAsync();
            var type = frame.GetProperty("type").GetString();
            if (turnId is null)
            {
                turnId = type == "accepted" ? frame.GetProperty("turnId").GetString() : null;
                continue;
            }

            if (frame.TryGetProperty("turnId", out var id) && id.GetString() == turnId)
            {
                frames.Add(frame);
                if (type is "complete" or "error")
                {
                    return frames;
                }
            }
        }
    }

    private static async Task<Turn> JsonTurnAsync(GatewayHarness harness, Guid conversation, string message)
    {
        using var response = await harness.Client().PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = message }, Token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return Completed(body, body.GetProperty("usage").GetProperty("droppedMessages").GetInt32());
    }

    private static Turn Completed(JsonElement completed, int droppedAtStart)
    {
        Assert.Equal("complete", completed.GetProperty("status").GetString());
        var usage = completed.GetProperty("usage");
        Assert.Equal(droppedAtStart, usage.GetProperty("droppedMessages").GetInt32());
        return new Turn(completed.GetProperty("turnId").GetGuid(), droppedAtStart, usage.GetProperty("promptTokens").GetInt32(),
            usage.GetProperty("completionTokens").GetInt32(), completed.GetProperty("text").GetString()!);
    }

    /// <summary>LlmService's server span of a turn's generation: the child of the Gateway's client span under the turn's span.</summary>
    private static async Task<ReceivedSpan> GenerateSpanAsync(OtlpCollector collector, Guid turnId)
    {
        var turn = await collector.WaitForSpanAsync(s => s.Name == "turn" && s.Attribute("turn.id")?.StringValue == turnId.ToString(), ExportWait, Token);
        var client = await collector.WaitForSpanAsync(s => s.ServiceName == "gateway" && s.Name == "llm.generate" && s.ParentSpanId == turn.SpanId, ExportWait, Token);
        return await collector.WaitForSpanAsync(s => s.ServiceName == "llm" && s.ParentSpanId == client.SpanId, ExportWait, Token);
    }

    private static async Task<List<JsonElement>> StoredMessagesAsync(GatewayHarness harness, Guid conversation)
    {
        var details = await harness.Client().GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", Token);
        return [.. details.GetProperty("messages").EnumerateArray()];
    }

    private static IReadOnlyDictionary<string, string> Exporting(OtlpCollector collector, string serviceName) =>
        new Dictionary<string, string>(collector.ExporterSettings(serviceName)) { ["OTEL_BSP_SCHEDULE_DELAY"] = "200" };

    private sealed record Turn(Guid Id, int Dropped, int PromptTokens, int CompletionTokens, string Text, string Transport = "", TimeSpan Elapsed = default);
}
