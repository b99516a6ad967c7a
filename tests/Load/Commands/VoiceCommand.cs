using System.Globalization;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Voice;
using Platform.Testing.Speech;

namespace Platform.Load.Commands;

/// <summary>
/// <c>voice [turns]</c>: spoken turns over the WebSocket, one after another on fresh conversations, against the real
/// services (pocketsphinx, llama.cpp with stories260K, flite): push-to-talk, then hands-free with the default
/// endpointer; end of speech to final transcript and to first reply audio, p50 and p95 side by side.
/// </summary>
internal static class VoiceCommand
{
    public static async Task<int> RunAsync(int turns, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec { RealModel = true, Speech = true, MaxReplyTokens = 64 };
        await using var platform = await LoadPlatform.StartAsync(spec);
        using var client = platform.CreateClient();
        using var clips = new SpeechClips();
        var speech = WavWriter.DataOf(await clips.WavAsync(RunCommand.Utterance));
        var probe = new VoiceLatencyProbe(platform.GatewayAddress, platform.ApiKey);
        Console.WriteLine($"Platform: {spec.Describe()}; Gateway at {platform.GatewayAddress}.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Utterance: flite slt, \"{RunCommand.Utterance}\", {speech.Length / 32} ms, sent in 100 ms frames at real-time pace; {turns} turns per mode."));

        var rows = new List<string>();
        foreach (var handsFree in new[] { false, true })
        {
            await probe.RunAsync((await client.CreateConversationsAsync(1, cancellationToken))[0], speech, handsFree, cancellationToken);
            var timings = new List<VoiceTurnTiming>();
            for (var turn = 0; turn < turns; turn++)
            {
                var conversation = (await client.CreateConversationsAsync(1, cancellationToken))[0];
                timings.Add(await probe.RunAsync(conversation, speech, handsFree, cancellationToken));
            }

            rows.Add(Row(handsFree ? "hands-free (endpointer, 300 ms trailing silence): end of speech ->" : "push-to-talk: audio.end ->", timings));
        }

        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine();
        Console.WriteLine("| mode | turns ok | partials before end (min / median) | -> final transcript p50 / p95 | -> first audio p50 / p95 | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        Console.WriteLine();
        Console.WriteLine("Speculative generation is not implemented, so no speculations were started or discarded.");
        return 0;
    }

    private static string Row(string mode, List<VoiceTurnTiming> timings)
    {
        var ok = timings.Where(t => t.Error is null && t.ToFirstAudioMs is not null).ToList();
        var final = ok.Select(t => t.ToFinalMs!.Value).Order().ToList();
        var audio = ok.Select(t => t.ToFirstAudioMs!.Value).Order().ToList();
        var partials = ok.Select(t => (double)t.PartialsBeforeEnd).Order().ToList();
        var errors = string.Join(", ", timings.Where(t => t.Error is not null).GroupBy(t => t.Error).Select(g => $"{g.Key} x{g.Count()}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {ok.Count}/{timings.Count} | {(partials.Count == 0 ? 0 : partials[0])} / {Percentiles.Of(partials, 50)} | {Percentiles.Of(final, 50):0} / {Percentiles.Of(final, 95):0} ms | {Percentiles.Of(audio, 50):0} / {Percentiles.Of(audio, 95):0} ms | {(errors.Length == 0 ? "none" : errors)} |");
    }
}
