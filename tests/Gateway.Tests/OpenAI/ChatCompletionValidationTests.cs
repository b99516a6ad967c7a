using System.Net;
using System.Text;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.OpenAI;

/// <summary>Out-of-range parameters are the client's mistake: 400 naming the parameter in OpenAI's error shape, so SDKs do not retry.</summary>
public sealed class ChatCompletionValidationTests(GatewayEnvironment environment)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> OutOfRange => new()
    {
        { """{"messages":[{"role":"user","content":"hi"}],"temperature":-5}""", "temperature" },
        { """{"messages":[{"role":"user","content":"hi"}],"temperature":2.5}""", "temperature" },
        { """{"messages":[{"role":"user","content":"hi"}],"top_p":2}""", "top_p" },
        { """{"messages":[{"role":"user","content":"hi"}],"stop":""}""", "stop" },
        { """{"messages":[{"role":"user","content":"hi"}],"stop":["a","b","c","d","e"]}""", "stop" },
        { """{"messages":[{"role":"user","content":""}]}""", "messages[0].content" },
        { """{"messages":[{"role":"user","content":"a\u0000b"}]}""", "messages[0].content" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_tokens":0}""", "max_tokens" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_completion_tokens":100000}""", "max_completion_tokens" },
        { """{"messages":[{"role":"user","content":"hi"}],"presence_penalty":3}""", "presence_penalty" },
        { """{"messages":[{"role":"user","content":"hi"}],"frequency_penalty":-3}""", "frequency_penalty" },
        { """{"messages":[{"role":"user","content":"hi"}],"n":2}""", "n" },
        { """{"messages":[]}""", "messages" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task AnOutOfRangeParameterIs400NamingItInOpenAIsShape(string body, string param)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);

        using var response = await harness.Client().PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        var error = await AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Empty(harness.Llm.Behaviour.Calls);
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
