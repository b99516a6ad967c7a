using Platform.Load.Driving;

namespace Platform.Load.Chaos;

/// <summary>
/// A scripted, repeatable fault against a platform of its own, bounded in time, followed by DESIGN.md's promises
/// checked against what the clients saw and what was stored (<see cref="PromiseChecks"/>).
/// </summary>
internal abstract class ChaosScenario
{
    public abstract string Name { get; }

    public abstract string Fault { get; }

    public abstract Task<ScenarioReport> RunAsync(ChaosScale scale, CancellationToken cancellationToken);

    /// <summary>Every scenario, in the order the report lists them.</summary>
    public static IReadOnlyList<ChaosScenario> All { get; } =
    [
        new ServiceKillScenario(KilledService.Llm),
        new ServiceKillScenario(KilledService.Stt),
        new ServiceKillScenario(KilledService.Tts),
        new InfrastructureStopScenario(StoppedInfrastructure.Redis),
        new InfrastructureStopScenario(StoppedInfrastructure.RabbitMQ),
        new GrpcChaosScenario(everyCall: false),
        new GrpcChaosScenario(everyCall: true),
        new SlowReaderScenario(),
        new RandomDisconnectScenario(),
    ];

    public static ChaosScenario Named(string name) =>
        All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No chaos scenario '{name}'; there are: {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary><paramref name="count"/> turns at once, each on a conversation of its own.</summary>
    protected static async Task<TurnResult[]> ConcurrentTurnsAsync(TurnClient client, int count, Func<int, (string Transport, TurnInput Input, ClientBehaviour Behaviour)> turn, CancellationToken cancellationToken)
    {
        var conversations = await client.CreateConversationsAsync(count, cancellationToken);
        return await Task.WhenAll(conversations.Select((conversation, i) =>
        {
            var (transport, input, behaviour) = turn(i);
            return Task.Run(() => client.RunAsync(transport, conversation, input, behaviour, cancellationToken), cancellationToken);
        }));
    }
}
