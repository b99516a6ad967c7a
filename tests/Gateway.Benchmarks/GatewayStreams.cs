using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Llm;
using Platform.ServiceDefaults.Grpc.Client;
using Platform.Testing.SyntheticLlm;

namespace Platform.Gateway.Benchmarks;

/// <summary>Drives streamed turns through the Gateway, and the same generations straight from the source for comparison.</summary>
internal sealed class GatewayStreams(HttpClient http)
{
    public async Task<Guid[]> CreateConversationsAsync(int count)
    {
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            using var response = await http.PostAsJsonAsync("/api/conversations", new { language = "en" }, token);
            response.EnsureSuccessStatusCode();
            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(token)).GetProperty("id").GetGuid();
        });
        return ids;
    }

    /// <summary>One SSE turn; every token's latency is measured from the moment the source wrote it.</summary>
    public async Task<StreamResult> StreamAsync(Guid conversation)
    {
        var latencies = new List<double>(128);
        double? ttft = null;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = JsonContent.Create(new { content = "Go" }) };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                return new StreamResult(false, $"HTTP {(int)response.StatusCode}", null, latencies);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? type = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    var now = Stopwatch.GetTimestamp();
                    switch (type)
                    {
                        case "token":
                            var text = JsonDocument.Parse(line.AsMemory(6)).RootElement.GetProperty("text").GetString()!;
                            ttft ??= Stopwatch.GetElapsedTime(started, now).TotalMilliseconds;
                            latencies.Add(Stopwatch.GetElapsedTime(long.Parse(text, System.Globalization.CultureInfo.InvariantCulture), now).TotalMilliseconds);
                            break;
                        case "turn.completed":
                            return new StreamResult(true, null, ttft, latencies);
                        case "error":
                            return new StreamResult(false, line[6..], ttft, latencies);
                    }
                }
            }

            return new StreamResult(false, "the stream ended without turn.completed", ttft, latencies);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            return new StreamResult(false, ex.Message, ttft, latencies);
        }
    }

    /// <summary>Time to the first token straight from the source over gRPC, with no Gateway in between.</summary>
    public static async Task<double> DirectTtftAsync(GrpcChannel channel)
    {
        var started = Stopwatch.GetTimestamp();
        await foreach (var generated in channel.ServerStreamingAsync(SyntheticLlmService.Generate, new GenerateRequest { Messages = { new ChatMessage { Role = Role.User, Content = "Go" } } }))
        {
            if (generated.EventCase == GenerateEvent.EventOneofCase.Token)
            {
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        return double.NaN;
    }
}
