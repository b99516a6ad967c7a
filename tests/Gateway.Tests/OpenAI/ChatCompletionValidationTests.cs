using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>Out-of-range parameters are the client's mistake: 400 naming the parameter in OpenAI's error shape, so SDKs do not retry.</summary>
public sealed class ChatCompletionValidationTests(GatewayEnvironment environment, LlmServiceFixture llm) : IClassFixture<LlmServiceFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly (string Body, string Param)[] OutOfRange =
    [
        ("""{"messages":[{"role":"user","content":"hi"}],"temperature":-5}""", "temperature"),
        ("""{"messages":[{"role":"user","content":"hi"}],"temperature":2.5}""", "temperature"),
        ("""{"messages":[{"role":"user","content":"hi"}],"top_p":2}""", "top_p"),
        ("""{"messages":[{"role":"user","content":"hi"}],"stop":""}""", "stop"),
        ("""{"messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}""", "stop"),
        ("""{"messages":[{"role":"user","content":""}]}""", "messages[0].content"),
        ("""{"messages":[{"role":"user","content":"a\u0000b"}]}""", "messages[0].content"),
        ("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens"),
        ("""{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":100000}""", "max_completion_tokens"),
        ("""{"messages":[{"role":"user","content":"hi"}],"presence_penalty":3}""", "presence_penalty"),
        ("""{"messages":[{"role":"user","content":"hi"}],"frequency_penalty":-3}""", "frequency_penalty"),
        ("""{"messages":[{"role":"user","content":"hi"}],"n":2}""", "n"),
        ("""{"messages":[]}""", "messages"),
    ];

    [Fact]
    public async Task EveryOutOfRangeParameterIs400NamingItInOpenAIsShapeThroughTheGateway()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address, new Dictionary<string, string?> { ["Gateway__Limits__RequestsPerMinute"] = "1000" });

        foreach (var (body, param) in OutOfRange)
        {
            using var response = await harness.Client().PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

            var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal(param, error.GetProperty("param").GetString());
            Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task AMessageThatCannotFitTheContextIs400ContextLengthExceededStreamedOrNot()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address, new Dictionary<string, string?> { ["Gateway__Limits__MaxBodyBytes"] = "1000000" });
        var huge = string.Join(' ', Enumerable.Repeat("once upon a time there was a little dog", 1_000));

        foreach (var stream in new[] { false, true })
        {
            using var response = await harness.Client().PostAsync("/v1/chat/completions",
                new StringContent(JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = huge } }, stream }), Encoding.UTF8, "application/json"), Token);

            var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("context_length_exceeded", error.GetProperty("code").GetString());
            Assert.Equal("messages", error.GetProperty("param").GetString());
        }
    }

    /// <summary>The response is <paramref name="status"/> problem details carrying OpenAI's error object, with no .NET internals; returns that object.</summary>
    internal static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").Clone();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        return error;
    }
}
