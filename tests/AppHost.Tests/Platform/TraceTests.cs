using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing.Speech;

namespace Platform.AppHost.Tests.Platform;

/// <summary>What the Aspire dashboard shows of a voice turn, read through its telemetry API and on its trace page in chromium.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TraceTests(AspirePlatform platform) : IDisposable
{
    private readonly SpeechClips clips = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AVoiceTurnIsOneTraceInTheDashboardWithEachServicesServerSpanTheChildOfTheGatewaysClientSpanUnderTurn()
    {
        var turnId = await VoiceTurnAsync(await clips.WavAsync("Tell me a story about a cat."));

        var spans = await TurnTraceAsync(turnId);

        var turn = spans.Single(span => span.Name == "turn");
        Assert.Equal("gateway", turn.Service);
        foreach (var (call, service) in new[] { ("stt.stream_transcribe", "stt"), ("llm.generate", "llm"), ("tts.synthesize", "tts") })
        {
            var client = spans.First(span => span.Service == "gateway" && span.Name == call);
            Assert.Equal(turn.SpanId, client.ParentSpanId);
            Assert.Contains(spans, span => span.Service == service && span.Name == call && span.ParentSpanId == client.SpanId);
        }

        // The trace page draws the same tree: each row is indented under its parent, the rows in depth-first order.
        var rows = await TracePageRowsAsync(turn.TraceId);
        var parents = rows.Select((row, index) => rows.Take(index).LastOrDefault(above => above.Depth < row.Depth)).ToList();
        foreach (var (service, span) in new[] { ("stt", "stt.stream_transcribe"), ("llm", "llm.generate"), ("tts", "tts.synthesize") })
        {
            var index = rows.FindIndex(row => row.Service == service && row.Span == span);
            Assert.True(index >= 0, $"no row {service}: {span} on the trace page: {string.Join(" | ", rows)}");
            var client = parents[index];
            Assert.True(client?.Service == "gateway", $"{service}: {span} sits under {client}: {string.Join(" | ", rows)}");
            Assert.Equal(("gateway", "turn"), (parents[rows.IndexOf(client!)]?.Service, parents[rows.IndexOf(client!)]?.Span));
        }
    }

    public void Dispose() => clips.Dispose();

    /// <summary>
    /// The rows of the dashboard's page for one trace: service, span and how far the row is indented. A row is titled
    /// "resource: span", the resource being the service, or "gateway-1a2b3c4d" once a restart has given it a second instance.
    /// </summary>
    private async Task<List<TraceRow>> TracePageRowsAsync(string traceId)
    {
        var page = await platform.Browser.OpenAsync($"/traces/detail/{traceId}");
        try
        {
            await page.Locator("td[title$=': turn']").WaitForAsync();
            var cells = await page.Locator("tr.fluent-data-grid-row td[col-index='1'][title]").AllAsync();
            var rows = new List<TraceRow>();
            foreach (var cell in cells)
            {
                var indent = await cell.Locator(".main-grid-expand-container").GetAttributeAsync("style") ?? string.Empty;
                var title = (await cell.GetAttributeAsync("title"))!.Split(": ", 2);
                rows.Add(new TraceRow(title[0].Split('-')[0], title[1], int.Parse(indent.Split(':', ';')[1].Trim().TrimEnd('p', 'x'), System.Globalization.CultureInfo.InvariantCulture)));
            }

            return rows;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private async Task<string> VoiceTurnAsync(byte[] wav)
    {
        using var client = platform.GatewayClient();
        using var created = await client.PostAsJsonAsync("/api/conversations", new { }, Token);
        created.EnsureSuccessStatusCode();
        var conversation = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString();

        using var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(wav);
        audio.Headers.ContentType = MediaTypeHeaderValue.Parse("audio/wav");
        form.Add(audio, "audio", "speech.wav");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, Token);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStringAsync(Token);
        var completed = stream.Split("\n\n").Select(block => block.Split('\n')).SingleOrDefault(lines => lines.Contains("event: turn.completed"))
            ?? throw new InvalidOperationException($"The turn did not complete: {stream[^Math.Min(stream.Length, 2000)..]}");
        var data = JsonDocument.Parse(completed.Single(line => line.StartsWith("data: ", StringComparison.Ordinal))[6..]).RootElement;
        return data.GetProperty("turnId").GetString()!;
    }

    /// <summary>Every span of the trace whose "turn" span carries <paramref name="turnId"/>, once all four services' spans have arrived.</summary>
    private async Task<List<DashboardSpan>> TurnTraceAsync(string turnId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var seen = "no trace listed yet";
        try
        {
            while (true)
            {
                // The dashboard lists 100 traces unless told otherwise, and the Gateway's own background traces soon fill those.
                var all = DashboardSpan.From(await platform.TelemetryAsync("traces?limit=100000", deadline.Token));
                seen = $"{all.Count} spans listed from [{string.Join(", ", all.Select(span => span.Service).Distinct())}] named [{string.Join(", ", all.GroupBy(span => span.Name).Select(g => $"{g.Key} x{g.Count()}"))}], no turn {turnId} among them";
                if (all.FirstOrDefault(span => span.Name == "turn" && span.Attributes.GetValueOrDefault("turn.id") == turnId) is { } turn)
                {
                    var trace = DashboardSpan.From(await platform.TelemetryAsync($"traces/{turn.TraceId}", deadline.Token));
                    seen = $"the turn's trace has spans from [{string.Join(", ", trace.Select(span => span.Service).Distinct())}]: {string.Join(", ", trace.Select(span => $"{span.Service}/{span.Name}"))}";
                    if (trace.Select(span => span.Service).Distinct().Count() == 4)
                    {
                        return trace;
                    }
                }

                // The services export in batches; wait for the dashboard to hold the next one.
                await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            throw new TimeoutException($"The dashboard did not show the turn's whole trace within 60 s: {seen}");
        }
    }

    private sealed record TraceRow(string Service, string Span, int Depth);
}
