using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Load.Driving;

/// <summary>Builds a <see cref="TurnResult"/> from the events of one turn, whichever transport carried them.</summary>
internal sealed class TurnObserver(Guid conversationId, string transport, bool stampedTokens)
{
    private readonly long sentAt = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private readonly StringBuilder text = new();
    private readonly List<double> gaps = new(128);
    private readonly List<double> delays = stampedTokens ? new(128) : [];
    private long lastTokenAt;
    private double? ttft;
    private double? firstAudio;
    private TurnEnd? end;
    private string? errorCode;
    private string? errorMessage;
    private bool retryable;
    private string? completedText;
    private double? serverStt;
    private double? serverTtft;
    private double? serverFirstAudio;
    private double? serverTotal;
    private int? cachedTokens;
    private int? promptTokens;
    private int? completionTokens;

    public Guid? TurnId { get; set; }

    public long LastSeq { get; set; }

    public int Tokens { get; private set; }

    public int Events { get; private set; }

    public string LastEventType { get; private set; } = string.Empty;

    public int Resumes { get; set; }

    public bool Ended => end is not null;

    /// <summary>The reader fell behind and was cut off; it may resume from <see cref="LastSeq"/>.</summary>
    public bool Lagged => errorCode == "reader_lagged";

    /// <summary>Takes one event: <paramref name="type"/> in the SSE names (<c>token</c>, <c>turn.completed</c>, ...).</summary>
    public void On(string type, JsonElement data, long? seq)
    {
        var now = Stopwatch.GetTimestamp();
        Events++;
        LastEventType = type;
        if (seq is { } s)
        {
            LastSeq = Math.Max(LastSeq, s);
        }

        switch (type)
        {
            case "turn.started":
                TurnId ??= data.GetProperty("turnId").GetGuid();
                cachedTokens = data.TryGetProperty("cachedTokens", out var cached) ? cached.GetInt32() : null;
                break;
            case "token":
                var piece = data.GetProperty("text").GetString() ?? string.Empty;
                text.Append(piece);
                Tokens++;
                ttft ??= Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds;
                if (lastTokenAt != 0)
                {
                    gaps.Add(Stopwatch.GetElapsedTime(lastTokenAt, now).TotalMilliseconds);
                }

                lastTokenAt = now;
                if (stampedTokens && long.TryParse(piece, NumberStyles.Integer, CultureInfo.InvariantCulture, out var writtenAt))
                {
                    delays.Add(Stopwatch.GetElapsedTime(writtenAt, now).TotalMilliseconds);
                }

                break;
            case "audio":
                firstAudio ??= Stopwatch.GetElapsedTime(sentAt, now).TotalMilliseconds;
                break;
            case "turn.completed":
                TurnId ??= data.TryGetProperty("turnId", out var id) ? id.GetGuid() : null;
                completedText = data.GetProperty("text").GetString();
                end = data.TryGetProperty("status", out var status) && status.GetString() == "cancelled" ? TurnEnd.Cancelled : TurnEnd.Completed;
                var usage = data.TryGetProperty("usage", out var reported) ? reported : default;
                promptTokens = usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("promptTokens", out var prompt) ? prompt.GetInt32() : null;
                completionTokens = usage.ValueKind == JsonValueKind.Object && usage.TryGetProperty("completionTokens", out var completion) ? completion.GetInt32() : null;
                if (data.TryGetProperty("timings", out var timings))
                {
                    serverStt = Number(timings, "sttMs");
                    serverTtft = Number(timings, "ttftMs");
                    serverFirstAudio = Number(timings, "firstAudioMs");
                    serverTotal = Number(timings, "totalMs");
                }

                break;
            case "error":
                errorCode = data.TryGetProperty("code", out var code) ? code.GetString() : null;
                errorMessage = data.TryGetProperty("message", out var message) ? message.GetString() : null;
                retryable = data.TryGetProperty("retryable", out var again) && again.GetBoolean();
                end = TurnEnd.Error;
                break;
        }
    }

    /// <summary>Forgets a lag error so that the resumed stream can end the turn.</summary>
    public void Resuming()
    {
        end = null;
        errorCode = null;
        errorMessage = null;
        Resumes++;
    }

    public TurnResult Refused(string code, string message) => Finish(TurnEnd.Refused, code, message);

    /// <summary>The result, with <paramref name="fallback"/> as the end when no terminal event came.</summary>
    public TurnResult Finish(TurnEnd fallback, string? code = null, string? message = null)
    {
        if (end is null)
        {
            end = fallback;
            errorCode ??= code;
            errorMessage ??= message;
        }

        return new TurnResult
        {
            ConversationId = conversationId,
            TurnId = TurnId,
            Transport = transport,
            End = end.Value,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            Retryable = retryable,
            StartedAt = startedAt,
            TtftMs = ttft,
            FirstAudioMs = firstAudio,
            TotalMs = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds,
            Tokens = Tokens,
            LastSeq = LastSeq,
            TokenGapsMs = gaps,
            TokenDelaysMs = delays,
            Text = text.ToString(),
            CompletedText = completedText,
            Resumes = Resumes,
            ServerSttMs = serverStt,
            ServerTtftMs = serverTtft,
            ServerFirstAudioMs = serverFirstAudio,
            ServerTotalMs = serverTotal,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            CachedTokens = cachedTokens,
        };
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
