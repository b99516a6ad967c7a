using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Platform.Gateway.Tests.Infrastructure;
using Platform.Gateway.Tests.OpenAI;
using Platform.Gateway.Tests.Validation;

namespace Platform.Gateway.Tests.Errors;

/// <summary>Every error the Gateway answers, its own or the framework's, is problem details, with OpenAI's error object on /v1.</summary>
public sealed class ErrorWriterTests(GatewayEnvironment environment, LlmServiceFixture llm) : IClassFixture<LlmServiceFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnV1TheFrameworksOwnStatusesCarryOpenAIsErrorObject()
    {
        await using var harness = await GatewayHarness.StartAsync(environment, llm.Address, new Dictionary<string, string?>
        {
            ["Gateway__Limits__MaxBodyBytes"] = "2048",
            ["Gateway__Limits__RequestsPerMinute"] = "9",
        });
        using var anonymous = harness.Gateways[0].CreateClient();
        const string Hi = """{"messages":[{"role":"user","content":"hi"}]""";

        using var malformed = await PostAsync(harness, "/v1/chat/completions", Hi + ",}", "application/json");
        using var overflow = await PostAsync(harness, "/v1/chat/completions", Hi + ""","max_tokens":1e40}""", "application/json");
        using var unknown = await harness.Client().GetAsync("/v1/no-such-thing", Token);
        using var wrongMethod = await harness.Client().GetAsync("/v1/chat/completions", Token);
        using var wrongType = await PostAsync(harness, "/v1/chat/completions", Hi + "}", "text/plain");
        using var tooLarge = await PostAsync(harness, "/v1/chat/completions", Hi + $$""","user":"{{new string('x', 4_000)}}"}""", "application/json");
        using var noKey = await anonymous.PostAsync("/v1/chat/completions", new StringContent(Hi + "}", Encoding.UTF8, "application/json"), Token);
        var limited = malformed;
        for (var i = 0; i < 10 && limited.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            limited = await PostAsync(harness, "/v1/chat/completions", "{", "application/json");
        }

        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(malformed, HttpStatusCode.BadRequest);
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(overflow, HttpStatusCode.BadRequest);
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(unknown, HttpStatusCode.NotFound);
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(wrongType, HttpStatusCode.UnsupportedMediaType);
        await ChatCompletionValidationTests.AssertOpenAIErrorAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("invalid_api_key", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(noKey, HttpStatusCode.Unauthorized)).GetProperty("code").GetString());
        Assert.Equal("Bearer", Assert.Single(noKey.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("rate_limit_exceeded", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(limited, HttpStatusCode.TooManyRequests)).GetProperty("code").GetString());
        Assert.Contains("max_tokens", (await ChatCompletionValidationTests.AssertOpenAIErrorAsync(overflow, HttpStatusCode.BadRequest)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    public async Task OnApiEveryErrorIsProblemDetailsWhateverTheAcceptHeader(string accept)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var anonymous = harness.Gateways[0].CreateClient();
        anonymous.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        harness.Client().DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        var conversation = await harness.CreateConversationAsync();

        using var unknownRoute = await harness.Client().GetAsync("/api/no-such-thing", Token);
        using var wrongMethod = await harness.Client().DeleteAsync($"/api/conversations/{conversation}", Token);
        using var malformed = await harness.Client().PostAsync("/api/conversations", new StringContent("{\"language\": 5}", Encoding.UTF8, "application/json"), Token);
        using var unauthenticated = await anonymous.GetAsync("/api/conversations", Token);

        await BadInputTests.AssertProblemAsync(unknownRoute, HttpStatusCode.NotFound, "Not Found");
        await BadInputTests.AssertProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "Method Not Allowed");
        await BadInputTests.AssertProblemAsync(malformed, HttpStatusCode.BadRequest, "'$.language'");
        await BadInputTests.AssertProblemAsync(unauthenticated, HttpStatusCode.Unauthorized, "Authorization: Bearer");
        Assert.Equal("Bearer", Assert.Single(unauthenticated.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.OK, (await harness.Client().GetAsync($"/api/conversations/{conversation}", Token)).StatusCode);
    }

    private static Task<HttpResponseMessage> PostAsync(GatewayHarness harness, string path, string body, string contentType) =>
        harness.Client().PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), Token);
}
