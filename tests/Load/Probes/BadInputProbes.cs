using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Platform.Load.Platform;
using Platform.Testing;
using Platform.Testing.Speech;

namespace Platform.Load.Probes;

/// <summary>
/// A careful attacker's and a clumsy user's requests against a whole running platform (Gateway, model, speech): each
/// must get its 4xx in the right shape (problem details; OpenAI's error object on /v1), anonymous identities must stay
/// bounded, limits must hold on every path, the page must send its security headers, and the platform must stay
/// healthy throughout. The platform's Gateway runs with the default request rate (120 a minute) and at most
/// <see cref="AnonymousPerAddress"/> anonymous identities per address.
/// </summary>
internal static class BadInputProbes
{
    public const int AnonymousPerAddress = 25;
    private const string WithNul = "a\u0000b";

    public static PlatformSpec Platform => new()
    {
        RealModel = true,
        Speech = true,
        GatewaySettings = new Dictionary<string, string>
        {
            ["Gateway__Limits__RequestsPerMinute"] = "120",
            ["Gateway__Identity__AnonymousPerAddress"] = AnonymousPerAddress.ToString(CultureInfo.InvariantCulture),
            ["Gateway__Identity__AnonymousPerAddressPerMinute"] = "1000",
        },
    };

    public static async Task<IReadOnlyList<ProbeResult>> RunAsync(Uri gateway, string apiKey, CancellationToken cancellationToken)
    {
        var results = new List<ProbeResult>();
        var origin = gateway.GetLeftPart(UriPartial.Authority);

        // One user makes every authenticated probe, fewer than its 120 requests a minute until the WebSocket probe.
        using var user = Client(gateway, apiKey);
        async Task<Guid> ConversationAsync()
        {
            using var created = await user.PostAsJsonAsync("/api/conversations", new { language = "en" }, cancellationToken);
            return (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        }

        async Task ExpectAsync(string probe, HttpStatusCode expected, Func<Task<HttpResponseMessage>> send, bool openAI = false)
        {
            using var response = await send();
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            var shaped = problem && !body.Contains("System.", StringComparison.Ordinal) && (!openAI || HasOpenAIError(body));
            results.Add(new ProbeResult(probe, $"{(int)expected}{(openAI ? " + error object" : string.Empty)}",
                $"{(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType ?? "no body"}{(openAI && HasOpenAIError(body) ? " + error object" : string.Empty)}",
                response.StatusCode == expected && shaped));
        }

        // Text that PostgreSQL cannot store.
        var conversation = await ConversationAsync();
        await ExpectAsync("NUL in a turn (JSON)", HttpStatusCode.BadRequest, () => user.PostAsJsonAsync($"/api/conversations/{conversation}/turns", new { content = WithNul }, cancellationToken));
        await ExpectAsync("NUL in a turn (SSE)", HttpStatusCode.BadRequest, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = JsonContent.Create(new { content = WithNul }) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            return user.SendAsync(request, cancellationToken);
        });
        foreach (var field in new[] { "persona", "scenario" })
        {
            await ExpectAsync($"NUL in {field}", HttpStatusCode.BadRequest, () => user.PostAsJsonAsync("/api/conversations", new Dictionary<string, string> { [field] = WithNul }, cancellationToken));
        }

        await ExpectAsync("NUL in a key's name", HttpStatusCode.BadRequest, () => user.PostAsJsonAsync("/api/keys", new { name = WithNul }, cancellationToken));
        await ExpectAsync("key name of 101 characters", HttpStatusCode.BadRequest, () => user.PostAsJsonAsync("/api/keys", new { name = new string('k', 101) }, cancellationToken));
        results.Add(await NulOnWebSocketAsync(gateway, apiKey, await ConversationAsync(), cancellationToken));

        // Multipart the framework cannot read.
        foreach (var (probe, contentType, body) in new[]
        {
            ("multipart without boundary", "multipart/form-data", "--x\r\n"),
            ("multipart with a 5,000-character boundary", $"multipart/form-data; boundary={new string('b', 5_000)}", "--b\r\n"),
            ("multipart truncated", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\nRIFF"),
        })
        {
            await ExpectAsync(probe, HttpStatusCode.BadRequest, () =>
            {
                var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                return user.PostAsync($"/api/conversations/{conversation}/turns", content, cancellationToken);
            });
        }

        // OpenAI's ranges and the framework's own statuses on /v1.
        const string Hi = """{"messages":[{"role":"user","content":"hi"}]""";
        foreach (var (probe, body) in new[]
        {
            ("/v1 temperature -5", Hi + ""","temperature":-5}"""),
            ("/v1 top_p 2", Hi + ""","top_p":2}"""),
            ("/v1 stop \"\"", Hi + ""","stop":""}"""),
            ("/v1 empty content", """{"messages":[{"role":"user","content":""}]}"""),
            ("/v1 max_tokens 1e40 (overflow)", Hi + ""","max_tokens":1e40}"""),
            ("/v1 malformed JSON", Hi + ",}"),
        })
        {
            await ExpectAsync(probe, HttpStatusCode.BadRequest, () => user.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken), openAI: true);
        }

        using var anonymous = Client(gateway, apiKey: null);
        await ExpectAsync("/v1 without a key", HttpStatusCode.Unauthorized, () => anonymous.PostAsync("/v1/chat/completions", new StringContent(Hi + "}", Encoding.UTF8, "application/json"), cancellationToken), openAI: true);
        await ExpectAsync("/v1 unknown path", HttpStatusCode.NotFound, () => user.GetAsync("/v1/no-such-thing", cancellationToken), openAI: true);
        await ExpectAsync("/v1 wrong method", HttpStatusCode.MethodNotAllowed, () => user.GetAsync("/v1/chat/completions", cancellationToken), openAI: true);
        await ExpectAsync("/v1 text/plain body", HttpStatusCode.UnsupportedMediaType, () => user.PostAsync("/v1/chat/completions", new StringContent(Hi + "}", Encoding.UTF8, "text/plain"), cancellationToken), openAI: true);

        // What the speech engines refuse.
        var speech = WavWriter.Pcm16(new short[16_000], 16_000, 1);
        await ExpectAsync("voice turn in French (no model)", HttpStatusCode.BadRequest, () => VoiceAsync(user, ConversationAsync, speech, "fr", cancellationToken));
        await ExpectAsync("voice turn of silence (no speech)", HttpStatusCode.UnprocessableEntity, () => VoiceAsync(user, ConversationAsync, speech, null, cancellationToken));
        foreach (var (probe, offset, value, width) in new (string, int, uint, int)[]
        {
            ("WAV at 0 Hz", 24, 0, 4), ("WAV at 2^31 + 1 Hz", 24, 2_147_483_649, 4), ("WAV with 0 channels", 22, 0, 2),
            ("WAV with 65,535 channels", 22, ushort.MaxValue, 2), ("WAV of 8-bit PCM", 34, 8, 2), ("WAV of float samples", 20, 3, 2),
        })
        {
            var wav = speech.ToArray();
            if (width == 4)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(offset), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(offset), (ushort)value);
            }

            await ExpectAsync(probe, HttpStatusCode.BadRequest, () => VoiceAsync(user, ConversationAsync, wav, null, cancellationToken));
        }

        await ExpectAsync("WAV truncated after its fmt chunk", HttpStatusCode.BadRequest, () => VoiceAsync(user, ConversationAsync, speech[..38], null, cancellationToken));
        var zeroHertz = speech.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(zeroHertz.AsSpan(24), 0);
        await ExpectAsync("WAV at 0 Hz, asked for as an event stream", HttpStatusCode.BadRequest, () => VoiceAsync(user, ConversationAsync, zeroHertz, null, cancellationToken, eventStream: true));
        await ExpectAsync("voice turn in French, asked for as an event stream", HttpStatusCode.BadRequest, () => VoiceAsync(user, ConversationAsync, speech, "fr", cancellationToken, eventStream: true));
        await ExpectAsync("voice turn of silence, asked for as an event stream", HttpStatusCode.UnprocessableEntity, () => VoiceAsync(user, ConversationAsync, speech, null, cancellationToken, eventStream: true));

        // Anonymous identities.
        var browser = new CookieContainer();
        using var anonymousBrowser = Client(gateway, apiKey: null, browser);
        anonymousBrowser.DefaultRequestHeaders.Add("Origin", origin);
        using (var session = await anonymousBrowser.PostAsync("/api/session", null, cancellationToken))
        {
            results.Add(new ProbeResult("the page asks for an identity", "204 and a cookie", $"{(int)session.StatusCode}{(session.Headers.Contains("Set-Cookie") ? " and a cookie" : string.Empty)}",
                session.StatusCode == HttpStatusCode.NoContent && session.Headers.Contains("Set-Cookie")));
        }

        await ExpectAsync("anonymous POST /api/keys", HttpStatusCode.Forbidden, () => anonymousBrowser.PostAsJsonAsync("/api/keys", new { name = "forever" }, cancellationToken));
        using var forged = Client(gateway, apiKey: null, browser);
        forged.DefaultRequestHeaders.Add("Origin", "https://evil.example");
        await ExpectAsync("cookie POST from a foreign origin", HttpStatusCode.Forbidden, () => forged.PostAsJsonAsync("/api/conversations", new { }, cancellationToken));

        var credentialLess = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async _ =>
        {
            using var response = await anonymous.PostAsJsonAsync("/api/conversations", new { }, cancellationToken);
            return response.StatusCode;
        }));
        results.Add(new ProbeResult("1,000 credential-less requests", "1,000 × 401, no identity", $"{credentialLess.Count(s => s == HttpStatusCode.Unauthorized):N0} × 401",
            credentialLess.All(s => s == HttpStatusCode.Unauthorized)));
        using var page = Client(gateway, apiKey: null);
        page.DefaultRequestHeaders.Add("Origin", origin);
        var sessions = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async _ =>
        {
            using var response = await page.PostAsync("/api/session", null, cancellationToken);
            return response.StatusCode;
        }));
        var made = sessions.Count(s => s == HttpStatusCode.NoContent);
        results.Add(new ProbeResult("1,000 more identity requests from the page's origin", $"at most {AnonymousPerAddress - 1} more identities ({AnonymousPerAddress} in all), the rest 429",
            $"{made} identities, {sessions.Count(s => s == HttpStatusCode.TooManyRequests):N0} × 429", made <= AnonymousPerAddress - 1 && made + sessions.Count(s => s == HttpStatusCode.TooManyRequests) == 1_000));
        using var foreign = Client(gateway, apiKey: null);
        foreign.DefaultRequestHeaders.Add("Origin", "https://evil.example");
        await ExpectAsync("identity request from a foreign origin", HttpStatusCode.Forbidden, () => foreign.PostAsync("/api/session", null, cancellationToken));

        // Limits on every path, the page's headers, and health after all of it.
        results.Add(await WebSocketRateAsync(gateway, apiKey, user, cancellationToken));
        results.Add(await HeadersAsync(page, cancellationToken));
        using var health = await anonymous.GetAsync("/health", cancellationToken);
        results.Add(new ProbeResult("GET /health after every probe", "200", ((int)health.StatusCode).ToString(CultureInfo.InvariantCulture), health.StatusCode == HttpStatusCode.OK));
        return results;
    }

    public static string ToMarkdown(IReadOnlyList<ProbeResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Count(r => r.Passed)} of {results.Count} probes answered as they should.");
        text.AppendLine();
        text.AppendLine("| probe | expected | answered | |");
        text.AppendLine("|---|---|---|---|");
        foreach (var result in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {result.Probe} | {result.Expected} | {result.Answered} | {(result.Passed ? "ok" : "**failed**")} |");
        }

        text.AppendLine();
        return text.ToString();
    }

    private static HttpClient Client(Uri gateway, string? apiKey, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(60),
        };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    private static bool HasOpenAIError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out _) && error.TryGetProperty("type", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> VoiceAsync(HttpClient user, Func<Task<Guid>> conversation, byte[] wav, string? language, CancellationToken cancellationToken, bool eventStream = false)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(wav);
        part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(part, "audio", "speech.wav");
        if (language is not null)
        {
            form.Add(new StringContent(language), "language");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{await conversation()}/turns") { Content = form };
        if (eventStream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        return await user.SendAsync(request, cancellationToken);
    }

    private static async Task<ProbeResult> NulOnWebSocketAsync(Uri gateway, string apiKey, Guid conversation, CancellationToken cancellationToken)
    {
        using var socket = await ConversationSocket.ConnectAsync(gateway, apiKey, conversation, cancellationToken);
        await socket.SendJsonAsync(new { type = "message", content = WithNul }, cancellationToken);
        var error = await ReceiveAsync(socket, cancellationToken);
        await socket.SendJsonAsync(new { type = "ping" }, cancellationToken);
        var pong = await ReceiveAsync(socket, cancellationToken);
        var code = error.TryGetProperty("data", out var data) ? data.GetProperty("code").GetString() : null;
        return new ProbeResult("NUL in a WebSocket message", "error frame invalid_text, socket open",
            $"{error.GetProperty("type").GetString()} frame {code}, then {pong.GetProperty("type").GetString()}", code == "invalid_text" && pong.GetProperty("type").GetString() == "pong");
    }

    private static async Task<ProbeResult> WebSocketRateAsync(Uri gateway, string key, HttpClient user, CancellationToken cancellationToken)
    {
        using var created = await user.PostAsJsonAsync("/api/conversations", new { language = "en" }, cancellationToken);
        var conversation = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        using var socket = await ConversationSocket.ConnectAsync(gateway, key, conversation, cancellationToken);
        for (var i = 0; i < 150; i++)
        {
            await socket.SendJsonAsync(new { type = "message", content = $"message {i}" }, cancellationToken);
            await socket.SendJsonAsync(new { type = "cancel" }, cancellationToken);
        }

        await socket.SendJsonAsync(new { type = "ping" }, cancellationToken);
        var limited = 0;
        JsonElement frame;
        while ((frame = await ReceiveAsync(socket, cancellationToken)).GetProperty("type").GetString() != "pong")
        {
            limited += frame.GetProperty("type").GetString() == "error" && frame.GetProperty("data").GetProperty("code").GetString() == "rate_limited" ? 1 : 0;
        }

        return new ProbeResult("150 message/cancel pairs on one WebSocket", "frames past 120 a minute refused", $"{limited} of 300 frames refused (rate_limited)", limited >= 300 - 120);
    }

    private static async Task<ProbeResult> HeadersAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync("/", cancellationToken);
        var policy = response.Headers.TryGetValues("Content-Security-Policy", out var csp) ? string.Join(';', csp) : string.Empty;
        var nosniff = response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Contains("nosniff");
        var referrer = response.Headers.Contains("Referrer-Policy");
        var passed = policy.Contains("default-src 'self'", StringComparison.Ordinal) && policy.Contains("frame-ancestors 'none'", StringComparison.Ordinal) && nosniff && referrer;
        return new ProbeResult("the page's security headers", "CSP 'self' + frame-ancestors 'none', nosniff, Referrer-Policy",
            $"{(policy.Length > 0 ? "CSP" : "no CSP")}{(nosniff ? ", nosniff" : string.Empty)}{(referrer ? ", Referrer-Policy" : string.Empty)}", passed);
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken) =>
        JsonDocument.Parse((await socket.ReceiveFrameAsync(cancellationToken)).Bytes).RootElement.Clone();
}
