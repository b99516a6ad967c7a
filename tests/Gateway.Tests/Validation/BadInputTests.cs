using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Gateway.Tests.Infrastructure;

namespace Platform.Gateway.Tests.Validation;

/// <summary>Input that passes JSON or HTTP parsing but cannot be used: each is a 400 naming what is wrong, never a 500.</summary>
public sealed class BadInputTests(GatewayEnvironment environment)
{
    private const string WithNul = "a\u0000b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    public async Task ANulInAMessageIs400NamingTheField(string accept)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var conversation = await harness.CreateConversationAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = JsonContent.Create(new { content = WithNul }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));

        using var response = await harness.Client().SendAsync(request, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "'content'");
        Assert.Equal(HttpStatusCode.OK, (await harness.Client().GetAsync($"/api/conversations/{conversation}", Token)).StatusCode);
    }

    [Theory]
    [InlineData("persona")]
    [InlineData("scenario")]
    [InlineData("language")]
    public async Task ANulInAConversationSettingIs400NamingTheField(string field)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);

        using var response = await harness.Client().PostAsJsonAsync("/api/conversations", new Dictionary<string, string> { [field] = WithNul }, Token);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "NUL");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
    }

    [Fact]
    public async Task AKeyNameWithANulOrOverTheLengthLimitIs400()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);

        using var withNul = await harness.Client().PostAsJsonAsync("/api/keys", new { name = WithNul }, Token);
        using var tooLong = await harness.Client().PostAsJsonAsync("/api/keys", new { name = new string('k', 101) }, Token);

        await AssertProblemAsync(withNul, HttpStatusCode.BadRequest, "NUL");
        await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, "the limit is 100");
    }

    [Fact]
    public async Task ANulOnTheWebSocketGetsAnErrorFrameAndTheSocketStaysOpen()
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        using var socket = await GatewaySocket.ConnectAsync(harness, await harness.CreateConversationAsync());

        await socket.SendAsync(new { type = "message", content = WithNul });
        var error = await socket.ReceiveAsync();
        await socket.SendAsync(new { type = "ping" });
        var pong = await socket.ReceiveAsync();

        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal("invalid_text", error.GetProperty("data").GetProperty("code").GetString());
        Assert.Contains("'content'", error.GetProperty("data").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("pong", pong.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("no-boundary")]
    [InlineData("5000-character-boundary")]
    [InlineData("truncated")]
    public async Task MalformedMultipartIs400(string malformation)
    {
        await using var harness = await GatewayHarness.StartAsync(environment);
        var conversation = await harness.CreateConversationAsync();
        var boundary = malformation == "5000-character-boundary" ? new string('b', 5_000) : "boundary";
        var contentType = malformation == "no-boundary" ? "multipart/form-data" : $"multipart/form-data; boundary={boundary}";
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF....WAVE";
        if (malformation != "truncated")
        {
            body += $"\r\n--{boundary}--\r\n";
        }

        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await harness.Client().PostAsync($"/api/conversations/{conversation}/turns", content, Token);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "multipart");
    }

    /// <summary>The response is <paramref name="status"/> as problem details whose detail mentions <paramref name="mention"/>, with no .NET internals.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string mention)
    {
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        var text = string.Join('\n', TextOf(problem));
        Assert.Contains(mention, text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return problem;
    }

    /// <summary>Every property name and value of a JSON document as text, unescaped.</summary>
    private static IEnumerable<string> TextOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => TextOf(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(TextOf),
        _ => [element.ToString()],
    };
}
