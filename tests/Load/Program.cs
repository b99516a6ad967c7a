using Platform.Load.Commands;

// The load and chaos tool. Every target is on this machine (loopback only); every run is bounded in time and turns.
//   run [--source synthetic|model] [--transport sse|ws] [--input text|voice] [--mode closed|open] [--concurrency N]
//       [--rate R] [--fresh true] [--duration S] [--turns N] [--tokens N] [--tokens-per-second N] [--target URL --api-key KEY] [--out DIR]
//   openai [requests]          streamed chat through the Gateway's /v1 (YARP) against LlmService's own endpoint
//   conversations [count] [turns]   TTFT as 10 conversations grow to 20 turns, with LlmService's prompt cache and without
//   cost [streams...]          the Gateway's own cost per token at 1, 100, 1,000 SSE streams (SYNTHETIC source)
//   chaos [scenario...] [--short]
//   probes                     bad input against a whole platform: each answer's status and shape, limits, headers
//   voice [turns] [--no-speculation]  spoken turns over the WebSocket at real-time pace: push-to-talk and hands-free latency by stage
//   report [path]              the long versions of all of it, written as markdown (tests/Load/Reports/latest.md)
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return args switch
    {
        ["cost", .. var levels] => await CostCommand.RunAsync(levels.Length == 0 ? [1, 100, 1_000] : levels.Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), cancel.Token),
        ["openai"] => await OpenAICommand.RunAsync(100, cancel.Token),
        ["openai", var requests] => await OpenAICommand.RunAsync(int.Parse(requests, System.Globalization.CultureInfo.InvariantCulture), cancel.Token),
        ["conversations", .. var rest] => await ConversationsCommand.RunAsync(rest, cancel.Token),
        ["chaos", .. var rest] => await ChaosCommand.RunAsync(rest, cancel.Token),
        ["voice"] => await VoiceCommand.RunAsync(30, speculation: true, cancel.Token),
        ["voice", "--no-speculation"] => await VoiceCommand.RunAsync(30, speculation: false, cancel.Token),
        ["voice", var turns] => await VoiceCommand.RunAsync(int.Parse(turns, System.Globalization.CultureInfo.InvariantCulture), speculation: true, cancel.Token),
        ["voice", var turns, "--no-speculation"] => await VoiceCommand.RunAsync(int.Parse(turns, System.Globalization.CultureInfo.InvariantCulture), speculation: false, cancel.Token),
        ["probes"] => await ProbesCommand.RunAsync(cancel.Token),
        ["report", var path] => await ReportCommand.RunAsync(path, cancel.Token),
        ["report"] => await ReportCommand.RunAsync(Path.Combine("tests", "Load", "Reports", "latest.md"), cancel.Token),
        ["run", .. var options] => await RunCommand.RunAsync(LoadOptions.Parse(options), cancel.Token),
        [] => await RunCommand.RunAsync(LoadOptions.Parse([]), cancel.Token),
        _ => await RunCommand.RunAsync(LoadOptions.Parse(args), cancel.Token),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
