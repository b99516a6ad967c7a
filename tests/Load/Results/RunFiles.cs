using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Load.Driving;

namespace Platform.Load.Results;

/// <summary>Writes a run as CSV (one row per turn) and JSON (plan, figures and percentiles) into a folder.</summary>
internal static class RunFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static async Task<string> WriteAsync(RunSummary summary, string folder)
    {
        Directory.CreateDirectory(folder);
        var name = string.Concat(summary.Run.Plan.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
        var csv = new StringBuilder("started_at,transport,conversation_id,turn_id,end,error_code,ttft_ms,first_audio_ms,total_ms,tokens,gap_p50_ms,gap_max_ms,resumes\n");
        foreach (var turn in summary.Run.Turns)
        {
            var gaps = turn.TokenGapsMs.Order().ToList();
            csv.AppendLine(string.Join(',',
                turn.StartedAt.ToString("O", CultureInfo.InvariantCulture), turn.Transport, turn.ConversationId, turn.TurnId, turn.End.ToString().ToLowerInvariant(), turn.ErrorCode,
                Number(turn.TtftMs), Number(turn.FirstAudioMs), Number(turn.TotalMs), turn.Tokens, Number(Percentiles.Of(gaps, 50)), Number(gaps.Count == 0 ? null : gaps[^1]), turn.Resumes));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, name + ".csv"), csv.ToString());
        var run = summary.Run;
        await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), JsonSerializer.Serialize(new
        {
            plan = new { run.Plan.Name, description = run.Plan.Describe(), run.Plan.OpenLoop, run.Plan.Concurrency, run.Plan.Rate, durationSeconds = run.Plan.Duration.TotalSeconds, run.Plan.MaxTurns, run.Plan.Transport, voice = run.Plan.Input.IsVoice },
            turns = run.Turns.Count,
            ends = run.Turns.GroupBy(t => t.End).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count()),
            errors = run.Errors,
            elapsedSeconds = run.Elapsed.TotalSeconds,
            completedTurnsPerSecond = run.TurnsPerSecond,
            run.PeakInFlight,
            run.MeanInFlight,
            run.DroppedArrivals,
            gateway = run.Gateway,
            latencies = summary.Latencies,
        }, Json));
        return Path.Combine(folder, name + ".{csv,json}");
    }

    private static string Number(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;
}
