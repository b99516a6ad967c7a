using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Platform.Load.Driving;

/// <summary>
/// The one stream driver: starts turns through a Gateway over SSE or WebSocket, typed or spoken, reads them as a
/// client with a given <see cref="ClientBehaviour"/>, and reads back what the Gateway stored.
/// </summary>
internal sealed class TurnClient : IDisposable
{
    private readonly HttpClient http;
    private readonly Uri gateway;
    private readonly string apiKey;
    private readonly bool stampedTokens;

    public TurnClient(Uri gateway, string apiKey, bool stampedTokens)
    {
        LoopbackTarget.Require(gateway);
        this.gateway = gateway;
        this.apiKey = apiKey;
        this.stampedTokens = stampedTokens;
        http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = gateway,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    public async Task<Guid> CreateConversationAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var response = await http.PostAsJsonAsync("/api/conversations", new { language = "en" }, timeout.Token);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("id").GetGuid();
    }

    public async Task<Guid[]> CreateConversationsAsync(int count, CancellationToken cancellationToken)
    {
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, token) =>
            ids[i] = await CreateConversationAsync(token));
        return ids;
    }

    public Task<TurnResult> RunAsync(string transport, Guid conversation, TurnInput input, ClientBehaviour behaviour, CancellationToken cancellationToken) =>
        transport == "ws" ? WebSocketTurnAsync(conversation, input, behaviour, cancellationToken) : SseTurnAsync(conversation, input, behaviour, cancellationToken);

    /// <summary>POST .../turns with Accept: text/event-stream; resumes through GET /api/turns/{id}/events after a lag.</summary>
    public async Task<TurnResult> SseTurnAsync(Guid conversation, TurnInput input, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        var observer = new TurnObserver(conversation, "sse", stampedTokens);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/conversations/{conversation}/turns") { Content = Body(input) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        try
        {
            using var response = await SendWithIdleLimitAsync(request, behaviour.IdleTimeout, cancellationToken);
            if (response is null)
            {
                return observer.Finish(TurnEnd.Hung, "no_response", $"No response headers within {behaviour.IdleTimeout.TotalSeconds:0} s.");
            }

            if (!response.IsSuccessStatusCode)
            {
                return observer.Refused($"http_{(int)response.StatusCode}", await response.Content.ReadAsStringAsync(cancellationToken));
            }

            if (response.Headers.TryGetValues("X-Turn-Id", out var turnIds) && Guid.TryParse(turnIds.FirstOrDefault(), out var accepted))
            {
                observer.TurnId = accepted;
            }

            behaviour.OnAccepted?.Invoke();
            var outcome = await ReadSseAsync(response, observer, behaviour, cancellationToken);
            while (outcome == SseOutcome.Ended && observer.Lagged && behaviour.ResumeAfterLag && observer.TurnId is not null && observer.Resumes < 5)
            {
                observer.Resuming();
                outcome = await FollowAsync(observer, behaviour, cancellationToken);
            }

            return outcome switch
            {
                SseOutcome.Hung => observer.Finish(TurnEnd.Hung, "idle", $"Nothing arrived for {behaviour.IdleTimeout.TotalSeconds:0} s."),
                SseOutcome.Left => observer.Finish(TurnEnd.Disconnected),
                SseOutcome.Refused => observer.Finish(TurnEnd.Broken, "resume_failed", "Resuming with Last-Event-ID was refused."),
                _ => observer.Finish(TurnEnd.Broken, "no_terminal_event", "The stream ended without turn.completed or error."),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            return observer.Finish(TurnEnd.Broken, "connection", ex.Message);
        }
    }

    /// <summary>Picks up a turn after <paramref name="afterSeq"/> through GET /api/turns/{id}/events with Last-Event-ID, as a client back after leaving.</summary>
    public async Task<TurnResult> ResumeAsync(Guid conversation, Guid turnId, long afterSeq, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        var observer = new TurnObserver(conversation, "sse-resume", stampedTokens) { TurnId = turnId, LastSeq = afterSeq };
        try
        {
            return await FollowAsync(observer, behaviour, cancellationToken) switch
            {
                SseOutcome.Ended when observer.Ended => observer.Finish(TurnEnd.Broken),
                SseOutcome.Hung => observer.Finish(TurnEnd.Hung, "idle", $"Nothing arrived for {behaviour.IdleTimeout.TotalSeconds:0} s."),
                SseOutcome.Left => observer.Finish(TurnEnd.Disconnected),
                SseOutcome.Refused => observer.Refused("resume_refused", "Resuming with Last-Event-ID was refused."),
                _ => observer.Finish(TurnEnd.Broken, "no_terminal_event", "The stream ended without turn.completed or error."),
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException)
        {
            return observer.Finish(TurnEnd.Broken, "connection", ex.Message);
        }
    }

    /// <summary>One turn on a fresh WebSocket: a message frame, or audio.start + PCM frames + audio.end.</summary>
    public async Task<TurnResult> WebSocketTurnAsync(Guid conversation, TurnInput input, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        var observer = new TurnObserver(conversation, "ws", stampedTokens);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {apiKey}");
        socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connecting.CancelAfter(behaviour.IdleTimeout);
                await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = $"/ws/conversations/{conversation}" }.Uri, connecting.Token);
                await SendInputAsync(socket, input, connecting.Token);
            }

            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                idle.CancelAfter(behaviour.IdleTimeout);
                var length = 0;
                ValueWebSocketReceiveResult received;
                try
                {
                    do
                    {
                        received = await socket.ReceiveAsync(buffer.AsMemory(length), idle.Token);
                        length += received.Count;
                    }
                    while (!received.EndOfMessage && length < buffer.Length);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return observer.Finish(TurnEnd.Hung, "idle", $"No frame for {behaviour.IdleTimeout.TotalSeconds:0} s.");
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return observer.Finish(TurnEnd.Broken, "closed", $"The server closed the socket: {socket.CloseStatus} {socket.CloseStatusDescription}");
                }

                if (received.MessageType == WebSocketMessageType.Binary)
                {
                    // Reply audio's PCM, after the JSON header that the observer has already timed.
                    continue;
                }

                using var frame = JsonDocument.Parse(buffer.AsMemory(0, length));
                var root = frame.RootElement;
                var type = root.GetProperty("type").GetString();
                var turnId = root.TryGetProperty("turnId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetGuid() : (Guid?)null;
                if (type == "accepted")
                {
                    observer.On("turn.started", root, null);
                    behaviour.OnAccepted?.Invoke();
                    continue;
                }

                if (type == "error" && turnId is null && observer.TurnId is null)
                {
                    var data = root.GetProperty("data");
                    return observer.Refused(data.GetProperty("code").GetString() ?? "refused", data.GetProperty("message").GetString() ?? string.Empty);
                }

                if ((turnId is not null && turnId != observer.TurnId) || (turnId is null && type is "transcription" or "speech"))
                {
                    continue;
                }

                var seq = root.TryGetProperty("seq", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : (long?)null;
                var sseType = type switch { "start" => "turn.started", "chunk" => "token", "complete" => "turn.completed", _ => type! };
                if (!root.TryGetProperty("data", out var payload))
                {
                    continue;
                }

                observer.On(sseType, payload, seq);

                if (observer.Ended)
                {
                    if (observer.Lagged && behaviour.ResumeAfterLag && observer.TurnId is { } lagged && observer.Resumes < 5)
                    {
                        observer.Resuming();
                        await SendJsonAsync(socket, new { type = "resume", turnId = lagged, lastSeq = observer.LastSeq }, cancellationToken);
                        continue;
                    }

                    await CloseQuietlyAsync(socket);
                    return observer.Finish(TurnEnd.Broken);
                }

                if (await AfterEventAsync(observer, behaviour, cancellationToken))
                {
                    socket.Abort();
                    return observer.Finish(TurnEnd.Disconnected);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or JsonException or HttpRequestException)
        {
            return observer.Finish(TurnEnd.Broken, "connection", ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return observer.Finish(TurnEnd.Hung, "connect", $"The socket did not open within {behaviour.IdleTimeout.TotalSeconds:0} s.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The assistant message the Gateway stored for <paramref name="turnId"/>, or null when there is none yet.</summary>
    public async Task<StoredReply?> StoredReplyAsync(Guid conversation, Guid turnId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var details = await http.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}", timeout.Token);
        foreach (var message in details.GetProperty("messages").EnumerateArray())
        {
            if (message.GetProperty("role").GetString() == "assistant"
                && message.TryGetProperty("turnId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == turnId)
            {
                return new StoredReply(message.GetProperty("status").GetString()!, message.GetProperty("content").GetString() ?? string.Empty);
            }
        }

        return null;
    }

    /// <summary>Polls until the reply of <paramref name="turnId"/> is stored, or <paramref name="within"/> passes.</summary>
    public async Task<StoredReply?> WaitForStoredReplyAsync(Guid conversation, Guid turnId, TimeSpan within, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                if (await StoredReplyAsync(conversation, turnId, cancellationToken) is { } stored)
                {
                    return stored;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // The Gateway is busy or restarting; ask again until the deadline.
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>The Gateway's overall health ("Healthy", "Degraded", "Unhealthy"), or why it could not be read.</summary>
    public async Task<string> HealthAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync("/health", timeout.Token);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
            return body.TryGetProperty("status", out var status) ? status.GetString() ?? "?" : $"HTTP {(int)response.StatusCode}";
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "no answer";
        }
    }

    public void Dispose() => http.Dispose();

    private enum SseOutcome
    {
        Ended,
        Left,
        Hung,
        Refused,
    }

    private async Task<SseOutcome> FollowAsync(TurnObserver observer, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        var turnId = observer.TurnId!.Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/turns/{turnId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.TryAddWithoutValidation("Last-Event-ID", $"{turnId}:{observer.LastSeq}");
        using var response = await SendWithIdleLimitAsync(request, behaviour.IdleTimeout, cancellationToken);
        if (response is null)
        {
            return SseOutcome.Hung;
        }

        return response.IsSuccessStatusCode ? await ReadSseAsync(response, observer, behaviour, cancellationToken) : SseOutcome.Refused;
    }

    private async Task<HttpResponseMessage?> SendWithIdleLimitAsync(HttpRequestMessage request, TimeSpan idle, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(idle);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task<SseOutcome> ReadSseAsync(HttpResponseMessage response, TurnObserver observer, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        string? type = null;
        string? id = null;
        var data = new StringBuilder();

        // One idle timer per stream, pushed back on every line: a timer per line would cost more than the reading.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            string? line;
            idle.CancelAfter(behaviour.IdleTimeout);
            try
            {
                line = await reader.ReadLineAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return SseOutcome.Hung;
            }

            if (line is null)
            {
                return SseOutcome.Ended;
            }

            if (line.Length > 0)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line[4..];
                    if (observer.TurnId is null && id.LastIndexOf(':') is var colon and > 0 && Guid.TryParse(id.AsSpan(0, colon), out var turnId))
                    {
                        observer.TurnId = turnId;
                    }
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data.Append(line.AsSpan(6));
                }

                continue;
            }

            if (type is null || data.Length == 0)
            {
                type = null;
                continue;
            }

            using (var payload = JsonDocument.Parse(data.ToString()))
            {
                observer.On(type, payload.RootElement, SeqOf(id));
            }

            type = null;
            id = null;
            data.Clear();
            if (observer.Ended)
            {
                return SseOutcome.Ended;
            }

            if (await AfterEventAsync(observer, behaviour, cancellationToken))
            {
                return SseOutcome.Left;
            }
        }
    }

    /// <summary>The client's reaction to an event: slow down, cancel, or leave (returns true to leave).</summary>
    private async Task<bool> AfterEventAsync(TurnObserver observer, ClientBehaviour behaviour, CancellationToken cancellationToken)
    {
        behaviour.OnEvent?.Invoke(observer.LastEventType);
        if (observer.LastEventType == "token")
        {
            behaviour.OnToken?.Invoke(observer.Tokens);
        }

        if (behaviour.CancelAfterTokens is { } cancelAt && observer.Tokens == cancelAt && observer.TurnId is { } turnId)
        {
            using var cancelled = await http.PostAsync($"/api/turns/{turnId}/cancel", null, cancellationToken);
        }

        if (behaviour.DisconnectAfterEvents is { } leaveAt && observer.Events >= leaveAt)
        {
            return true;
        }

        if (behaviour.ReadDelay > TimeSpan.Zero)
        {
            await Task.Delay(behaviour.ReadDelay, cancellationToken);
        }

        return false;
    }

    private static long? SeqOf(string? id) =>
        id is not null && id.LastIndexOf(':') is var colon and > 0 && long.TryParse(id.AsSpan(colon + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq) ? seq : null;

    private static HttpContent Body(TurnInput input)
    {
        if (!input.IsVoice)
        {
            return JsonContent.Create(new { content = input.Text });
        }

        var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(input.Wav!);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(audio, "audio", "speech.wav");
        return form;
    }

    private static async Task SendInputAsync(ClientWebSocket socket, TurnInput input, CancellationToken cancellationToken)
    {
        if (!input.IsVoice)
        {
            await SendJsonAsync(socket, new { type = "message", content = input.Text }, cancellationToken);
            return;
        }

        await SendJsonAsync(socket, new { type = "audio.start" }, cancellationToken);
        var pcm = global::Platform.Testing.Speech.WavWriter.DataOf(input.Wav!);
        const int FrameBytes = 3_200;
        for (var offset = 0; offset < pcm.Length; offset += FrameBytes)
        {
            await socket.SendAsync(pcm.Slice(offset, Math.Min(FrameBytes, pcm.Length - offset)), WebSocketMessageType.Binary, true, cancellationToken);
        }

        await SendJsonAsync(socket, new { type = "audio.end" }, cancellationToken);
    }

    private static Task SendJsonAsync(ClientWebSocket socket, object frame, CancellationToken cancellationToken) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            socket.Abort();
        }
    }
}
