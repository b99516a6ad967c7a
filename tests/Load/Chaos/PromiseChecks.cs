using System.Diagnostics;
using System.Globalization;
using Platform.Load.Driving;
using Platform.Load.Results;

namespace Platform.Load.Chaos;

/// <summary>DESIGN.md's promises for failures, checked against what the clients saw and what the Gateway stored.</summary>
internal static class PromiseChecks
{
    public const string NoHang = "no stream hangs";
    public const string EveryTurnEnds = "every accepted turn ends as completed, error or cancelled, and is stored so";
    public const string StoredMatches = "the stored text matches what the client saw";
    public const string Recovers = "services recover";

    /// <summary>Every stream ended with a terminal event, or by the client's own choice, before its idle limit.</summary>
    public static Check NoStreamHangs(IReadOnlyList<TurnResult> turns)
    {
        var bad = turns.Where(t => t.End is TurnEnd.Hung or TurnEnd.Broken).ToList();
        return new Check(NoHang, bad.Count == 0, bad.Count == 0
            ? $"all {turns.Count} streams ended with turn.completed or error (or the client left); longest {LatencyRow.Ms(turns.Select(t => t.TotalMs).DefaultIfEmpty(double.NaN).Max())}"
            : $"{bad.Count} of {turns.Count} did not: {Describe(bad)}");
    }

    /// <summary>
    /// Reads back every accepted turn's stored reply (waiting for turns still running after their client left) and
    /// checks its status against the client's ending and its text against the client's tokens.
    /// </summary>
    public static async Task<IReadOnlyList<Check>> StoredAsSeenAsync(TurnClient client, IReadOnlyList<TurnResult> turns, CancellationToken cancellationToken)
    {
        var accepted = turns.Where(t => t.Accepted).ToList();
        var deadline = TimeSpan.FromSeconds(30);
        var stored = new StoredReply?[accepted.Count];
        await Parallel.ForAsync(0, accepted.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, token) =>
            stored[i] = await client.WaitForStoredReplyAsync(accepted[i].ConversationId, accepted[i].TurnId!.Value, deadline, token));

        var endings = new List<string>();
        var texts = new List<string>();
        var unrecognised = 0;
        for (var i = 0; i < accepted.Count; i++)
        {
            var (turn, reply) = (accepted[i], stored[i]);
            if (reply is null)
            {
                // A voice turn that fails in speech recognition never reached the model: there is no reply to store.
                if (turn.End == TurnEnd.Error && turn.ErrorCode?.StartsWith("stt_", StringComparison.Ordinal) == true)
                {
                    unrecognised++;
                }
                else
                {
                    endings.Add($"{turn.TurnId}: no stored reply within {deadline.TotalSeconds:0} s (client saw {turn.End})");
                }

                continue;
            }

            var expected = turn.End switch
            {
                TurnEnd.Completed => "complete",
                TurnEnd.Cancelled => "cancelled",
                TurnEnd.Error => "failed",
                _ => null,
            };
            if (reply.Status is not ("complete" or "cancelled" or "failed") || (expected is not null && reply.Status != expected))
            {
                endings.Add($"{turn.TurnId}: stored '{reply.Status}', client saw {turn.End}");
            }

            var exact = turn.End is TurnEnd.Completed or TurnEnd.Cancelled;
            if (exact ? reply.Content != turn.Text : !reply.Content.StartsWith(turn.Text, StringComparison.Ordinal))
            {
                texts.Add($"{turn.TurnId}: client saw {turn.Text.Length} chars, stored {reply.Content.Length} ({turn.End})");
            }

            if (turn.CompletedText is { } completed && completed != turn.Text)
            {
                texts.Add($"{turn.TurnId}: turn.completed text differs from the tokens received");
            }
        }

        return
        [
            new Check(EveryTurnEnds, endings.Count == 0, endings.Count == 0
                ? $"{accepted.Count} accepted turns ({Tally(accepted)}), each stored with the status its client saw{(unrecognised > 0 ? $", except {unrecognised} voice turns that failed in recognition, which never reach the model and store no reply" : string.Empty)}"
                : $"{endings.Count} of {accepted.Count}: {string.Join("; ", endings.Take(3))}"),
            new Check(StoredMatches, texts.Count == 0, texts.Count == 0
                ? $"{accepted.Count - unrecognised} stored replies equal the text streamed (completed, cancelled) or start with it (failed, or client left early)"
                : $"{texts.Count} of {accepted.Count}: {string.Join("; ", texts.Take(3))}"),
        ];
    }

    public static Check ErrorsAreRetryable(IReadOnlyList<TurnResult> turns)
    {
        var errors = turns.Where(t => t.End == TurnEnd.Error).ToList();
        var fatal = errors.Where(t => !t.Retryable).ToList();
        return new Check("an error caused by a failing service says retryable: true", fatal.Count == 0, fatal.Count == 0
            ? $"{errors.Count} error events, all retryable"
            : $"{fatal.Count} of {errors.Count} not retryable: {Describe(fatal)}");
    }

    /// <summary>Fresh turns, one after another, until one completes: the time from <paramref name="faultAt"/> to that turn's start.</summary>
    public static async Task<(Check Check, double? RecoveryMs)> RecoversAsync(TurnClient client, TurnInput input, DateTimeOffset faultAt, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var attempts = 0;
        string last = "no attempt";
        while (clock.Elapsed < within)
        {
            attempts++;
            try
            {
                var conversation = await client.CreateConversationAsync(cancellationToken);
                var turn = await client.RunAsync("sse", conversation, input, ClientBehaviour.Normal with { IdleTimeout = TimeSpan.FromSeconds(10) }, cancellationToken);
                if (turn.End == TurnEnd.Completed)
                {
                    var recovery = (turn.StartedAt - faultAt).TotalMilliseconds;
                    return (new Check(Recovers, true, $"a new turn completed {recovery:0} ms after the fault (attempt {attempts})"), recovery);
                }

                last = $"{turn.End} {turn.ErrorCode}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return (new Check(Recovers, false, $"no turn completed within {within.TotalSeconds:0} s of the fault ({attempts} attempts; last: {last})"), null);
    }

    public static string Tally(IEnumerable<TurnResult> turns) =>
        string.Join(", ", turns.GroupBy(t => t.End).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}"));

    private static string Describe(IEnumerable<TurnResult> turns) =>
        string.Join("; ", turns.Take(3).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.End} {t.ErrorCode} after {t.TotalMs:0} ms, {t.Tokens} tokens: {t.ErrorMessage}")));
}
