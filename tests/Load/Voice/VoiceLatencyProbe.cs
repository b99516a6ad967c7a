using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Load.Voice;

/// <summary>
/// One spoken turn over the WebSocket as a browser makes it: microphone frames of 100 ms at real-time pace, timed at
/// the client. Push-to-talk counts from sending <c>audio.end</c>; hands-free from the last frame of speech (the
/// silence after it is what the endpointer waits for). The first sentence is complete, as the Gateway's sentence
/// splitter sees it, at the first token that follows a sentence's closing . ! or ? with white space (or at the end).
/// </summary>
internal sealed class VoiceLatencyProbe(Uri gateway, string apiKey)
{
    private const int FrameBytes = 3_200;

    public async Task<VoiceTurnTiming> RunAsync(Guid conversation, ReadOnlyMemory<byte> speech, bool handsFree, CancellationToken cancellationToken)
    {
        using var socket = await ConversationSocket.ConnectAsync(gateway, apiKey, conversation, cancellationToken);
        var lead = new byte[handsFree ? 300 * 32 : 0];
        var trail = new byte[handsFree ? 1_500 * 32 : 0];
        byte[] audio = [.. lead, .. speech.ToArray(), .. trail];
        var speechEndsAt = lead.Length + speech.Length;

        var timing = new Timing();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(60));
        var receiving = ReceiveAsync(socket, timing, stop.Token);
        await socket.SendJsonAsync(handsFree ? new { type = "audio.start", mode = "hands-free" } : new { type = "audio.start", mode = "push-to-talk" }, stop.Token);
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            for (var offset = 0; offset < audio.Length && !receiving.IsCompleted; offset += FrameBytes)
            {
                await pace.WaitForNextTickAsync(stop.Token);
                var frame = audio.AsMemory(offset, Math.Min(FrameBytes, audio.Length - offset));
                await socket.SendAsync(frame, WebSocketMessageType.Binary, true, stop.Token);
                if (offset + frame.Length >= speechEndsAt && timing.SpeechEnded == 0)
                {
                    timing.SpeechEnded = Stopwatch.GetTimestamp();
                    timing.PartialsBeforeEnd = timing.Partials;
                }
            }
        }

        if (!handsFree)
        {
            timing.SpeechEnded = Stopwatch.GetTimestamp();
            timing.PartialsBeforeEnd = timing.Partials;
            await socket.SendJsonAsync(new { type = "audio.end" }, stop.Token);
        }

        await receiving;
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return new VoiceTurnTiming(
            Since(timing.SpeechEnded, timing.Final),
            Since(timing.SpeechEnded, timing.FirstAudio),
            Since(timing.Final, timing.FirstToken),
            Since(timing.FirstToken, timing.FirstSentence),
            Since(timing.FirstSentence, timing.FirstAudio),
            timing.PartialsBeforeEnd,
            timing.Error);
    }

    private static double? Since(long from, long to) => to == 0 || from == 0 ? null : Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static async Task ReceiveAsync(ClientWebSocket socket, Timing timing, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                timing.Error ??= "closed";
                return;
            }

            if (received.MessageType == WebSocketMessageType.Binary)
            {
                continue;
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = document.RootElement;
            var now = Stopwatch.GetTimestamp();
            switch (root.GetProperty("type").GetString())
            {
                case "transcription" when root.GetProperty("data").GetProperty("isFinal").GetBoolean():
                    timing.Final = timing.Final == 0 ? now : timing.Final;
                    break;
                case "transcription":
                    timing.Partials++;
                    break;
                case "chunk":
                    var text = root.GetProperty("data").GetProperty("text").GetString() ?? string.Empty;
                    timing.FirstToken = timing.FirstToken == 0 ? now : timing.FirstToken;
                    if (timing.FirstSentence == 0 && text.Length > 0 && char.IsWhiteSpace(text[0]) && EndsSentence(timing.Reply))
                    {
                        timing.FirstSentence = now;
                    }

                    timing.Reply.Append(text);
                    timing.LastToken = now;
                    break;
                case "audio":
                    timing.FirstAudio = timing.FirstAudio == 0 ? now : timing.FirstAudio;
                    break;
                case "error":
                    timing.Error ??= root.GetProperty("data").GetProperty("code").GetString();
                    return;
                case "complete":
                    // A reply without a sentence end is spoken whole once the model has finished: at its last token.
                    timing.FirstSentence = timing.FirstSentence == 0 ? timing.LastToken : timing.FirstSentence;
                    return;
            }
        }
    }

    private static bool EndsSentence(System.Text.StringBuilder reply)
    {
        var end = reply.Length - 1;
        while (end >= 0 && reply[end] is '"' or '\'' or ')' or ']' or '”' or '’')
        {
            end--;
        }

        return end >= 0 && reply[end] is '.' or '!' or '?' or '…';
    }

    private sealed class Timing
    {
        public long SpeechEnded { get; set; }

        public long Final { get; set; }

        public long FirstAudio { get; set; }

        public long FirstToken { get; set; }

        public long FirstSentence { get; set; }

        public long LastToken { get; set; }

        public System.Text.StringBuilder Reply { get; } = new();

        public int Partials { get; set; }

        public int PartialsBeforeEnd { get; set; }

        public string? Error { get; set; }
    }
}
