using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Gateway.Benchmarks;

/// <summary>
/// Voice to first audio through the whole platform: real pocketsphinx, llama.cpp with stories260K and flite, behind
/// the Gateway. Measured at the client from the end of the upload to the first audio event, with the turn's own parts.
/// </summary>
internal static class VoiceTurns
{
    private const string Utterance = "I would like to order a large pizza with extra cheese please.";

    public static async Task RunAsync(int turns)
    {
        await using var postgres = new PostgresFixture();
        await using var redis = new RedisFixture();
        await using var llm = new ServiceFixture("LlmService", new Dictionary<string, string>
        {
            ["Llm__Provider"] = "local",
            ["Llm__ModelPath"] = Path.GetFullPath(Path.Combine(Root(), "..", "shared", "models", "stories260K.gguf")),
            ["Llm__NativeLibraryPath"] = Path.Combine(Root(), ".tools", "llama", "node_modules", "@node-llama-cpp", "linux-x64", "bins", "linux-x64"),
        });
        await using var stt = new ServiceFixture("SttService");
        await using var tts = new ServiceFixture("TtsService");
        await Task.WhenAll(postgres.InitializeAsync().AsTask(), redis.InitializeAsync().AsTask(), llm.InitializeAsync().AsTask(), stt.InitializeAsync().AsTask(), tts.InitializeAsync().AsTask());
        var key = "pk_benchmark_" + Guid.NewGuid().ToString("N");
        await using var gateway = new ServiceFixture("Gateway", new Dictionary<string, string>
        {
            ["ConnectionStrings__conversations"] = postgres.ConnectionString,
            ["ConnectionStrings__redis"] = redis.ConnectionString,
            ["services__llm__http__0"] = llm.BaseAddress.ToString(),
            ["services__stt__http__0"] = stt.BaseAddress.ToString(),
            ["services__tts__http__0"] = tts.BaseAddress.ToString(),
            ["Gateway__Identity__BootstrapApiKey"] = key,
            ["Gateway__Limits__RequestsPerMinute"] = "100000",
            ["Gateway__MaxReplyTokens"] = "64",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await gateway.InitializeAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var wav = await SpeakAsync(Utterance);
        var seconds = (wav.Length - 44) / 32_000.0;

        var firstAudio = new List<double>();
        var recognition = new List<double>();
        var ttft = new List<double>();
        var speech = new List<double>();
        for (var i = 0; i < turns + 2; i++)
        {
            using var created = await http.PostAsJsonAsync("/api/conversations", new { language = "en" });
            var conversation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var (toFirstAudio, timings) = await TurnAsync(http, conversation, wav);
            if (i < 2)
            {
                continue;
            }

            firstAudio.Add(toFirstAudio);
            recognition.Add(timings.GetProperty("sttMs").GetDouble());
            ttft.Add(timings.GetProperty("ttftMs").GetDouble() - timings.GetProperty("sttMs").GetDouble());
            speech.Add(timings.GetProperty("firstAudioMs").GetDouble() - timings.GetProperty("ttftMs").GetDouble());
        }

        Console.WriteLine($"Voice turns: {turns} (after 2 warm-up turns), utterance {seconds:0.0} s (flite slt), stories260K on llama.cpp, pocketsphinx, flite; one at a time.");
        Console.WriteLine();
        Console.WriteLine("| measure | p50 | p95 |");
        Console.WriteLine("|---|---|---|");
        Row("voice to first audio (end of upload → first audio event at the client)", firstAudio);
        Row("  STT (accepted → final transcript)", recognition);
        Row("  LLM (final transcript → first token)", ttft);
        Row("  first sentence + TTS first chunk (first token → first audio)", speech);
    }

    private static async Task<(double ToFirstAudio, JsonElement Timings)> TurnAsync(HttpClient http, Guid conversation, byte[] wav)
    {
        using var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(wav);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(audio, "audio", "speech.wav");
        await form.LoadIntoBufferAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = form };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        var sent = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? toFirstAudio = null;
        string? type = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                if (type == "audio")
                {
                    toFirstAudio ??= Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                }
                else if (type == "turn.completed")
                {
                    return (toFirstAudio ?? double.NaN, JsonDocument.Parse(line.AsMemory(6)).RootElement.GetProperty("timings").Clone());
                }
                else if (type == "error")
                {
                    throw new InvalidOperationException($"The voice turn failed: {line[6..]}");
                }
            }
        }

        throw new InvalidOperationException("The voice turn ended without turn.completed.");
    }

    private static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        Console.WriteLine($"| {name} | {Percentiles.Of(sorted, 50):0} ms | {Percentiles.Of(sorted, 95):0} ms |");
    }

    private static async Task<byte[]> SpeakAsync(string text)
    {
        var folder = Directory.CreateTempSubdirectory("voice-benchmark-").FullName;
        try
        {
            var spoken = Path.Combine(folder, "spoken.wav");
            var converted = Path.Combine(folder, "speech.wav");
            await RunAsync("flite", "-voice", "slt", "-t", text, "-o", spoken);
            await RunAsync("sox", spoken, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", converted);
            return await File.ReadAllBytesAsync(converted);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found.");
    }
}
