using Platform.Load.Driving;
using Platform.Load.Platform;
using Platform.Load.Results;
using Platform.Load.Running;
using Platform.Testing.Speech;

namespace Platform.Load.Commands;

/// <summary><c>run</c>: one load run, on a platform of its own or against <c>--target</c>; prints the tables and writes CSV/JSON.</summary>
internal static class RunCommand
{
    public const string Utterance = "I would like to order a large pizza with extra cheese please.";

    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var spec = new PlatformSpec
        {
            RealModel = options.Source == "model",
            SyntheticTokens = options.Tokens,
            SyntheticTokenInterval = TimeSpan.FromSeconds(1.0 / options.TokensPerSecond),
            MaxReplyTokens = options.MaxReplyTokens,
            Speech = options.Input == "voice",
        };
        var plan = new RunPlan
        {
            Name = $"{options.Mode}-{options.Source}-{options.Transport}-{options.Input}",
            OpenLoop = options.Mode == "open",
            FreshConversations = options.Fresh,
            Concurrency = options.Concurrency,
            Rate = options.Rate,
            Duration = TimeSpan.FromSeconds(options.Duration),
            MaxTurns = options.Turns,
            RampUp = TimeSpan.FromSeconds(Math.Min(5, options.Concurrency / 200.0)),
            Transport = options.Transport,
            Input = await InputAsync(options.Input == "voice"),
        };

        RunResult result;
        if (options.Target is { } target)
        {
            using var client = new TurnClient(target, options.ApiKey!, stampedTokens: false);
            Console.WriteLine($"Target: {target} (a Gateway already running on this machine).");
            result = await new LoadRun(client, plan).ExecuteAsync(cancellationToken);
        }
        else
        {
            await using var platform = await LoadPlatform.StartAsync(spec);
            using var client = platform.CreateClient();
            Console.WriteLine($"Platform: {spec.Describe()}; Gateway at {platform.GatewayAddress}.");
            await WarmUpAsync(client, plan, cancellationToken);
            result = await new LoadRun(client, plan, platform.Gateway.ProcessId).ExecuteAsync(cancellationToken);
        }

        var summary = new RunSummary(result);
        Console.WriteLine(MachineDescription.Describe());
        Console.WriteLine();
        Console.WriteLine(summary.ToMarkdown());
        Console.WriteLine($"Written: {await RunFiles.WriteAsync(summary, options.Out)}");
        return result.Errors == 0 ? 0 : 1;
    }

    /// <summary>JIT, connection pools and the first database pages, so that the run measures steady state.</summary>
    public static async Task WarmUpAsync(TurnClient client, RunPlan plan, CancellationToken cancellationToken)
    {
        var conversations = await client.CreateConversationsAsync(8, cancellationToken);
        await Task.WhenAll(conversations.Select(c => client.RunAsync(plan.Transport, c, plan.Input, ClientBehaviour.Normal, cancellationToken)));
    }

    public static async Task<TurnInput> InputAsync(bool voice)
    {
        if (!voice)
        {
            return TurnInput.Typed("Once upon a time");
        }

        using var clips = new SpeechClips();
        return TurnInput.Spoken(await clips.WavAsync(Utterance));
    }
}
