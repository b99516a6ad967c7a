using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Platform.Load.Platform;
using Platform.Load.Results;

namespace Platform.Load.Commands;

/// <summary>
/// <c>openai [requests]</c>: streamed greedy chat completions of stories260K through the Gateway's /v1 proxy and
/// straight to LlmService's own endpoint, alternating request by request so both see the same machine load: time to
/// the first token and the gap between tokens at the client, and what the Gateway adds to each. Prints, never fails on
/// a figure.
/// </summary>
internal static class OpenAICommand
{
    private const int MaxTokens = 64;

    public static async Task<int> RunAsync(int requests, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec { RealModel = true };
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var viaGateway = new HttpClient { BaseAddress = platform.GatewayAddress, Timeout = TimeSpan.FromMinutes(2) };
        viaGateway.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.ApiKey);
        using var direct = new HttpClient
        {
            BaseAddress = platform.Llm!.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };

        var before = Uptime();
        for (var i = 0; i < 5; i++)
        {
            await StreamAsync(viaGateway, cancellationToken);
            await StreamAsync(direct, cancellationToken);
        }

        var gateway = new List<Stream>();
        var straight = new List<Stream>();
        for (var i = 0; i < requests; i++)
        {
            gateway.Add(await StreamAsync(viaGateway, cancellationToken));
            straight.Add(await StreamAsync(direct, cancellationToken));
        }

        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine($"uptime before: {before}");
        Console.WriteLine($"uptime after:  {Uptime()}");
        Console.WriteLine($"{requests} streamed completions each way, alternating; greedy, up to {MaxTokens} tokens, stories260K, one at a time.");
        Console.WriteLine();
        Console.WriteLine("| measure | via Gateway (YARP) | straight to LlmService | added by the Gateway |");
        Console.WriteLine("|---|---|---|---|");
        Row("TTFT p50", gateway.Select(s => s.Ttft), straight.Select(s => s.Ttft), 50);
        Row("TTFT p99", gateway.Select(s => s.Ttft), straight.Select(s => s.Ttft), 99);
        Row("time per token after the first p50", gateway.Select(PerToken), straight.Select(PerToken), 50);
        Row("time per token after the first p99", gateway.Select(PerToken), straight.Select(PerToken), 99);
        Row("gap between tokens p50", gateway.SelectMany(s => s.Gaps), straight.SelectMany(s => s.Gaps), 50);
        Row("gap between tokens p99", gateway.SelectMany(s => s.Gaps), straight.SelectMany(s => s.Gaps), 99);
        Row("whole stream p50", gateway.Select(s => s.Total), straight.Select(s => s.Total), 50);
        Console.WriteLine($"tokens per stream: {gateway.Average(s => s.Gaps.Count + 1):0.0} via the Gateway, {straight.Average(s => s.Gaps.Count + 1):0.0} straight; texts equal: {gateway.Zip(straight).All(p => p.First.Text == p.Second.Text)}");
        return 0;
    }

    /// <summary>A stream's time from its first token to its last over the tokens after the first.</summary>
    private static double PerToken(Stream stream) => stream.Gaps.Count == 0 ? double.NaN : stream.Gaps.Sum() / stream.Gaps.Count;

    private static void Row(string measure, IEnumerable<double> viaGateway, IEnumerable<double> straight, double percentile)
    {
        var a = Percentiles.Of([.. viaGateway.Order()], percentile);
        var b = Percentiles.Of([.. straight.Order()], percentile);
        Console.WriteLine($"| {measure} | {LatencyRow.Ms(a)} | {LatencyRow.Ms(b)} | {LatencyRow.Ms(a - b)} |");
    }

    /// <summary>One streamed completion: when each content chunk arrived, from the request's start.</summary>
    private static async Task<Stream> StreamAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
            Content = JsonContent.Create(new { messages = new[] { new { role = "user", content = "Once upon a time" } }, stream = true, temperature = 0, max_tokens = MaxTokens }),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var arrivals = new List<double>();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var chunk = System.Text.Json.JsonDocument.Parse(line["data: ".Length..]);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } piece)
                {
                    arrivals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    text.Append(piece);
                }
            }
        }

        return new Stream(arrivals.Count > 0 ? arrivals[0] : double.NaN, [.. arrivals.Zip(arrivals.Skip(1), (a, b) => b - a)], Stopwatch.GetElapsedTime(started).TotalMilliseconds, text.ToString());
    }

    private static string Uptime()
    {
        using var uptime = Process.Start(new ProcessStartInfo("uptime") { RedirectStandardOutput = true })!;
        var output = uptime.StandardOutput.ReadToEnd().Trim();
        uptime.WaitForExit();
        return output;
    }

    private sealed record Stream(double Ttft, IReadOnlyList<double> Gaps, double Total, string Text);
}
