using System.Diagnostics;
using System.Globalization;
using Platform.Testing.Speech;
using Platform.Voice.Benchmarks;

// Both voice services in this process on the real engines, called through gRPC on loopback: flite (slt) speaks
// the STT test sentences, pocketsphinx transcribes that speech, and long passages time TTS streaming.
// Argument: rounds over the sentences (default 3).
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
await using var hosts = await VoiceHosts.StartAsync();

var speech = new List<SynthesisRun>();
var transcripts = new List<(string Sentence, TranscriptionRun Run)>();
for (var round = 0; round < rounds; round++)
{
    foreach (var sentence in TestSentences.All)
    {
        var spoken = await SynthesisRun.RunAsync(hosts.Tts, sentence, voice: "slt");
        speech.Add(spoken);
        transcripts.Add((sentence, await TranscriptionRun.RunAsync(hosts.Stt, spoken.Pcm)));
    }
}

var together = Stopwatch.StartNew();
var concurrent = await Task.WhenAll(speech.Take(TestSentences.All.Count).Select(spoken => TranscriptionRun.RunAsync(hosts.Stt, spoken.Pcm)));
together.Stop();
var concurrentAudio = TimeSpan.FromMilliseconds(concurrent.Sum(run => run.Final.AudioMs));

var passage = string.Join(' ', Enumerable.Repeat(
    "Once upon a time, a little robot lived in a quiet town by the sea. Every morning it walked to the harbour, " +
    "counted the boats, and told the fishermen about the weather. Nobody knew where it had come from, but everybody was glad it stayed.", 6));
var germanPassage = string.Join(' ', Enumerable.Repeat(
    "Es war einmal ein kleiner Roboter, der in einer ruhigen Stadt am Meer lebte. Jeden Morgen ging er zum Hafen, " +
    "zählte die Boote und erzählte den Fischern vom Wetter.", 6));
var longRuns = new List<(string Name, SynthesisRun Run)>();
for (var round = 0; round < rounds; round++)
{
    longRuns.Add(("flite slt, English passage", await SynthesisRun.RunAsync(hosts.Tts, passage, voice: "slt")));
    longRuns.Add(("espeak-ng de, German passage", await SynthesisRun.RunAsync(hosts.Tts, germanPassage, language: "de")));
    longRuns.Add(("espeak-ng de, one sentence", await SynthesisRun.RunAsync(hosts.Tts, "Guten Tag, wie geht es Ihnen?", language: "de")));
}

var words = transcripts.Sum(t => WordErrorRate.Words(t.Sentence).Length);
var wer = transcripts.Sum(t => WordErrorRate.Of(t.Sentence, t.Run.Final.Text) * WordErrorRate.Words(t.Sentence).Length) / words;
var decoders = hosts.Decoders;
var voices = hosts.Voices;

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; {rounds} rounds");
Console.WriteLine();
Console.WriteLine("| SttService (pocketsphinx en-us) | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| decoders loaded side by side | {hosts.DecoderCount} in {decoders.Load!.Value.TotalMilliseconds:0} ms, warm-up decode {decoders.WarmUp!.Value.TotalMilliseconds:0} ms |");
Console.WriteLine($"| utterances (flite slt, {TestSentences.All.Count} sentences x {rounds}) | {transcripts.Count}, {transcripts.Average(t => t.Run.Final.AudioMs) / 1000:0.00} s of audio on average |");
Console.WriteLine($"| decode real-time factor, p50 / p95 / mean | {Percentile.Of(transcripts.Select(t => t.Run.RealTimeFactor), 50):0.000} / {Percentile.Of(transcripts.Select(t => t.Run.RealTimeFactor), 95):0.000} / {transcripts.Average(t => t.Run.RealTimeFactor):0.000} |");
Console.WriteLine($"| end of upload to final transcript, p50 / p95 | {Percentile.Of(transcripts.Select(t => t.Run.Total.TotalMilliseconds), 50):0} / {Percentile.Of(transcripts.Select(t => t.Run.Total.TotalMilliseconds), 95):0} ms |");
Console.WriteLine($"| end of upload to first partial, p50 / p95 | {Percentile.Of(transcripts.Select(t => t.Run.FirstPartial.TotalMilliseconds), 50):0} / {Percentile.Of(transcripts.Select(t => t.Run.FirstPartial.TotalMilliseconds), 95):0} ms |");
Console.WriteLine($"| word error rate over {words} words | {wer:P1} |");
Console.WriteLine($"| {concurrent.Length} utterances at once on {hosts.DecoderCount} decoders | {together.ElapsedMilliseconds} ms for {concurrentAudio.TotalSeconds:0.0} s of audio ({concurrentAudio / together.Elapsed:0.0}x real time) |");
Console.WriteLine();
Console.WriteLine("| TtsService | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| voices loaded | {hosts.VoiceCount} in {voices.Load!.Value.TotalMilliseconds:0} ms, warm-up {voices.WarmUp!.Value.TotalMilliseconds:0} ms |");
Console.WriteLine($"| flite slt, one sentence: time to first chunk p50 / p95 | {Percentile.Of(speech.Select(s => s.FirstChunk.TotalMilliseconds), 50):0.0} / {Percentile.Of(speech.Select(s => s.FirstChunk.TotalMilliseconds), 95):0.0} ms |");
Console.WriteLine($"| flite slt, one sentence: whole sentence, x real time (median) | {Percentile.Of(speech.Select(s => s.Total.TotalMilliseconds), 50):0.0} ms for {speech.Average(s => s.Audio.TotalSeconds):0.00} s, {Percentile.Of(speech.Select(s => s.TimesRealTime), 50):0}x |");
foreach (var group in longRuns.GroupBy(run => run.Name))
{
    var runs = group.Select(run => run.Run).ToList();
    Console.WriteLine($"| {group.Key}: first chunk p50, whole, x real time | {Percentile.Of(runs.Select(r => r.FirstChunk.TotalMilliseconds), 50):0.0} ms, " +
        $"{Percentile.Of(runs.Select(r => r.Total.TotalMilliseconds), 50):0} ms for {runs[0].Audio.TotalSeconds:0.0} s at {runs[0].SampleRate} Hz, {Percentile.Of(runs.Select(r => r.TimesRealTime), 50):0}x |");
}
