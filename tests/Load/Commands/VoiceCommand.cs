using System.Globalization;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Voice;
using Platform.Testing.Speech;
using Platform.Testing.Telemetry;

namespace Platform.Load.Commands;

/// <summary>
/// <c>voice [turns] [--no-speculation]</c>: spoken turns over the WebSocket, one after another on fresh conversations,
/// against the real services (pocketsphinx, llama.cpp with stories260K, flite): push-to-talk, then hands-free with the
/// default endpointer; end of speech to final transcript and to first reply audio, p50 and p95 side by side, then where
/// the time goes stage by stage, with the load average beside each mode and the share of speculative generations
/// discarded (the Gateway's <c>platform.voice.speculation</c> counter, exported to a collector in this process).
/// </summary>
internal static class VoiceCommand
{
    private const string SpeculationMetric = "platform.voice.speculation";

    public static async Task<int> RunAsync(int turns, bool speculation, CancellationToken cancellationToken)
    {
        await using var collector = await OtlpCollector.StartAsync(cancellationToken);
        var gatewaySettings = new Dictionary<string, string>(collector.ExporterSettings("gateway")) { ["OTEL_METRIC_EXPORT_INTERVAL"] = "500" };
        if (!speculation)
        {
            gatewaySettings["Gateway__SpeculationStableMilliseconds"] = "0";
        }

        var spec = new PlatformSpec { RealModel = true, Speech = true, MaxReplyTokens = 64, GatewaySettings = gatewaySettings };
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var client = platform.CreateClient();
        using var clips = new SpeechClips();
        var speech = WavWriter.DataOf(await clips.WavAsync(RunCommand.Utterance));
        var probe = new VoiceLatencyProbe(platform.GatewayAddress, platform.ApiKey);
        Console.WriteLine($"Platform: {spec.Describe()}; Gateway at {platform.GatewayAddress}; speculative generation {(speculation ? "on (stable partial 150 ms)" : "off")}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Utterance: flite slt, \"{RunCommand.Utterance}\", {speech.Length / 32} ms, sent in 100 ms frames at real-time pace; {turns} turns per mode."));

        var rows = new List<string>();
        var stages = new List<string>();
        foreach (var handsFree in new[] { false, true })
        {
            await probe.RunAsync((await client.CreateConversationsAsync(1, cancellationToken))[0], speech, handsFree, cancellationToken);
            var (keptBefore, discardedBefore) = await SpeculationsAsync(collector);
            var timings = new List<VoiceTurnTiming>();
            for (var turn = 0; turn < turns; turn++)
            {
                var conversation = (await client.CreateConversationsAsync(1, cancellationToken))[0];
                timings.Add(await probe.RunAsync(conversation, speech, handsFree, cancellationToken));
            }

            var load = MachineDescription.LoadAverage();
            var (kept, discarded) = await SpeculationsAsync(collector);
            var mode = handsFree ? "hands-free (endpointer, 300 ms trailing silence): end of speech ->" : "push-to-talk: audio.end ->";
            rows.Add(Row(mode, timings, load, kept - keptBefore, discarded - discardedBefore));
            stages.Add(Stages(handsFree ? "hands-free" : "push-to-talk", timings));
        }

        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine();
        Console.WriteLine("| mode | turns ok | partials before end (min / median) | -> final transcript p50 / p95 | -> first audio p50 / p95 | speculations kept / discarded (share discarded) | load average | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Where the time goes, p50 / p95 of each stage (ms; a stage's percentiles do not add up to the total's):");
        Console.WriteLine();
        Console.WriteLine("| mode | end -> final transcript | final -> first token | first token -> first sentence | first sentence -> first audio |");
        Console.WriteLine("|---|---|---|---|---|");
        stages.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>The Gateway's cumulative speculation counts, once its latest export (every 0.5 s) has arrived.</summary>
    private static async Task<(double Kept, double Discarded)> SpeculationsAsync(OtlpCollector collector)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return (collector.Counter("gateway", SpeculationMetric, "outcome", "kept"), collector.Counter("gateway", SpeculationMetric, "outcome", "discarded"));
    }

    private static string Row(string mode, List<VoiceTurnTiming> timings, string load, double kept, double discarded)
    {
        var ok = timings.Where(t => t.Error is null && t.ToFirstAudioMs is not null).ToList();
        var final = Sorted(ok.Select(t => t.ToFinalMs));
        var audio = Sorted(ok.Select(t => t.ToFirstAudioMs));
        var partials = Sorted(ok.Select(t => (double?)t.PartialsBeforeEnd));
        var errors = string.Join(", ", timings.Where(t => t.Error is not null).GroupBy(t => t.Error).Select(g => $"{g.Key} x{g.Count()}"));
        var share = kept + discarded == 0 ? "-" : (discarded / (kept + discarded)).ToString("P0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {ok.Count}/{timings.Count} | {(partials.Count == 0 ? 0 : partials[0])} / {Percentiles.Of(partials, 50)} | {Pair(final)} ms | {Pair(audio)} ms | {kept} / {discarded} ({share}) | {load} | {(errors.Length == 0 ? "none" : errors)} |");
    }

    private static string Stages(string mode, List<VoiceTurnTiming> timings)
    {
        var ok = timings.Where(t => t.Error is null && t.ToFirstAudioMs is not null).ToList();
        return $"| {mode} | {Pair(Sorted(ok.Select(t => t.ToFinalMs)))} | {Pair(Sorted(ok.Select(t => t.FinalToFirstTokenMs)))} | " +
            $"{Pair(Sorted(ok.Select(t => t.FirstTokenToSentenceMs)))} | {Pair(Sorted(ok.Select(t => t.SentenceToFirstAudioMs)))} |";
    }

    private static List<double> Sorted(IEnumerable<double?> values) => [.. values.Where(v => v is not null).Select(v => v!.Value).Order()];

    private static string Pair(List<double> sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of(sorted, 50):0} / {Percentiles.Of(sorted, 95):0}");
}
