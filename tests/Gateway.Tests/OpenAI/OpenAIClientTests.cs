using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>Real OpenAI clients (the official .NET SDK and the npm package) through the Gateway's /v1 proxy to a real LlmService.</summary>
public sealed class OpenAIClientTests(GatewayEnvironment environment, LlmServiceFixture llm) : IClassFixture<LlmServiceFixture>
{
    private const string Prompt = "Once upon a time";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOfficialDotNetSdkGetsEqualGreedyTextsStreamedAndWholeWithUsageAndTheServedModel()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address);
        var client = Client(harness);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 48 };

        ChatCompletion whole = await client.GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage(Prompt)], options, Token);
        var streamed = new StringBuilder();
        var updates = 0;
        await foreach (var update in client.GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage(Prompt)], options, Token))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
                updates++;
            }
        }

        var models = await client.GetOpenAIModelClient().GetModelsAsync(Token);

        Assert.NotEmpty(whole.Content[0].Text);
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.True(updates >= 2, $"{updates} updates");
        Assert.True(whole.Usage.OutputTokenCount is > 0 and <= 48, $"{whole.Usage.OutputTokenCount} output tokens");
        Assert.True(whole.Usage.InputTokenCount > 0);
        Assert.Equal("stories260K", Assert.Single(models.Value).Id);
        Assert.Equal("stories260K", whole.Model);
    }

    [Fact]
    public async Task TheNpmOpenAIPackageGetsEqualGreedyTextsStreamedAndWholeAndTheModels()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address);
        var result = await NodeOpenAIClient.RunAsync("chat.cjs", harness, Prompt);
        Assert.NotEmpty(result.GetProperty("plain").GetString()!);
        Assert.Equal(result.GetProperty("plain").GetString(), result.GetProperty("streamed").GetString());
        Assert.True(result.GetProperty("chunks").GetInt32() >= 2);
        Assert.True(result.GetProperty("usage").GetProperty("completion_tokens").GetInt32() > 0);
        Assert.Equal("stories260K", Assert.Single(result.GetProperty("models").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task WithoutAValidKeyV1Is401InOpenAIsShapeAndNothingIsForwarded()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address);
        using var anonymous = harness.Gateways[0].CreateClient();
        using var wrongKey = harness.Gateways[0].CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "pk_" + new string('x', 43));

        using var chat = await anonymous.PostAsync("/v1/chat/completions", ChatBody(stream: false), Token);
        using var models = await wrongKey.GetAsync("/v1/models", Token);

        foreach (var response in new[] { chat, models })
        {
            var error = await ChatCompletionValidationTests.AssertOpenAIErrorAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
            Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        }

        using var usage = await harness.Client().GetFromJsonAsync<JsonDocument>("/api/usage", Token);
        Assert.Equal(0, usage!.RootElement.GetProperty("totals").GetProperty("requests").GetInt64());
    }

    [Fact]
    public async Task TheUsageRecordedForEachCallEqualsWhatItsResponseReportedAndAStreamGetsNoUsageChunkItDidNotAskFor()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address);
        var http = harness.Client();

        using var whole = await http.PostAsync("/v1/chat/completions", ChatBody(stream: false), Token);
        whole.EnsureSuccessStatusCode();
        var wholeUsage = JsonDocument.Parse(await whole.Content.ReadAsStringAsync(Token)).RootElement.GetProperty("usage").Clone();
        var asked = await StreamAsync(http, includeUsage: true);
        var notAsked = await StreamAsync(http, includeUsage: false);

        Assert.NotNull(asked.Usage);
        Assert.Null(notAsked.Usage);
        Assert.True(notAsked.Done);
        Assert.Equal(asked.Text, notAsked.Text);
        using var usage = await http.GetFromJsonAsync<JsonDocument>("/api/usage", Token);
        var records = usage!.RootElement.GetProperty("records").EnumerateArray().Reverse().ToArray();
        Assert.Equal(3, records.Length);
        Assert.All(records, r => Assert.Equal("chat", r.GetProperty("route").GetString()));
        Assert.All(records, r => Assert.Equal(200, r.GetProperty("status").GetInt32()));
        Assert.All(records, r => Assert.Equal("stories260K", r.GetProperty("model").GetString()));
        Assert.Equal(wholeUsage.GetProperty("prompt_tokens").GetInt32(), records[0].GetProperty("promptTokens").GetInt32());
        Assert.Equal(wholeUsage.GetProperty("completion_tokens").GetInt32(), records[0].GetProperty("completionTokens").GetInt32());
        Assert.Equal(asked.Usage!.Value.GetProperty("prompt_tokens").GetInt32(), records[1].GetProperty("promptTokens").GetInt32());
        Assert.Equal(asked.Usage!.Value.GetProperty("completion_tokens").GetInt32(), records[1].GetProperty("completionTokens").GetInt32());
        Assert.Equal(asked.Usage!.Value.GetProperty("completion_tokens").GetInt32(), records[2].GetProperty("completionTokens").GetInt32());
        var totals = usage.RootElement.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("requests").GetInt64());
        Assert.Equal(records.Sum(r => r.GetProperty("completionTokens").GetInt32()), totals.GetProperty("completionTokens").GetInt64());
    }

    [Fact]
    public async Task OneUsersConcurrencyLimitDoesNotTouchAnothersAndItsRefusalIs429WithRetryAfter()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address, new Dictionary<string, string?> { ["Gateway__Limits__ConcurrentTurns"] = "1" });
        using var anonymousBrowser = await harness.Gateways[0].CreateBrowserAsync();
        using var holding = await OpenStreamAsync(harness.Client(), maxTokens: 2_000);

        using var refused = await harness.Client().PostAsync("/v1/chat/completions", ChatBody(stream: false), Token);
        using var otherUser = await anonymousBrowser.PostAsync("/v1/chat/completions", ChatBody(stream: false), Token);

        var error = await ChatCompletionValidationTests.AssertOpenAIErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(otherUser.IsSuccessStatusCode, await otherUser.Content.ReadAsStringAsync(Token));
    }

    [Fact]
    public async Task AClientThatLeavesAStreamCancelsTheGenerationAtTheService()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address);
        var marker = "leaving " + Guid.NewGuid().ToString("N")[..8];

        // HttpClient would otherwise read on after dispose to keep the connection (up to 1 MiB or 2 s), and stories260K
        // writes 2,000 tokens in about 1.5 s: that client would not have left. One that hangs up is a closed tab.
        using var hangingUp = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxResponseDrainSize = 0 }) { BaseAddress = harness.Client().BaseAddress };
        hangingUp.DefaultRequestHeaders.Authorization = harness.Client().DefaultRequestHeaders.Authorization;
        using (var response = await OpenStreamAsync(hangingUp, maxTokens: 2_000, prompt: marker))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Token));
            var first = await reader.ReadLineAsync(Token);
            Assert.StartsWith("data: ", first, StringComparison.Ordinal);
        }

        var cancelled = await llm.Collector.WaitForSpanAsync(
            span => span.ServiceName == "llm" && span.Span.Events.Any(e => e.Name == "cancelled") && span.Span.StartTimeUnixNano > 0,
            TimeSpan.FromSeconds(30), Token);
        Assert.Contains(cancelled.Span.Events, e => e.Name == "cancelled");
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(HttpClient http, int maxTokens, string prompt = Prompt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = prompt } }, stream = true, max_tokens = maxTokens, temperature = 1 }),
        };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        return response;
    }

    /// <summary>A greedy streamed completion read raw: its text, the usage chunk if one came, and whether [DONE] ended it.</summary>
    private static async Task<(string Text, JsonElement? Usage, bool Done)> StreamAsync(HttpClient http, bool includeUsage)
    {
        using var response = await http.PostAsync("/v1/chat/completions", ChatBody(stream: true, includeUsage), Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = new StringBuilder();
        JsonElement? usage = null;
        var done = false;
        foreach (var line in (await response.Content.ReadAsStringAsync(Token)).Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)))
        {
            if (line == "data: [DONE]")
            {
                done = true;
                continue;
            }

            var chunk = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            if (chunk.TryGetProperty("usage", out var reported) && reported.ValueKind == JsonValueKind.Object)
            {
                usage = reported.Clone();
            }

            foreach (var choice in chunk.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content))
                {
                    text.Append(content.GetString());
                }
            }
        }

        return (text.ToString(), usage, done);
    }

    private static StringContent ChatBody(bool stream, bool includeUsage = false) => new(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = "gpt-4o-mini",
        ["messages"] = new[] { new { role = "user", content = Prompt } },
        ["temperature"] = 0,
        ["max_tokens"] = 32,
        ["stream"] = stream,
        ["stream_options"] = new { include_usage = includeUsage },
    }), Encoding.UTF8, "application/json");

    private static OpenAIClient Client(GatewayHarness harness) =>
        new(new ApiKeyCredential(harness.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(harness.Gateways[0].Address, "/v1"), NetworkTimeout = TimeSpan.FromSeconds(60) });
}
